@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct PlansAPITests {
    static let json = TestUsers.jsonHeaders

    static func create(_ app: Application, _ user: SignedInUser, _ body: [String: Any]) async throws -> [String: Any] {
        var result: [String: Any] = [:]
        try await app.testing().test(.POST, "api/v1/plans", headers: user.bearer.merging(json), body: TestUsers.json(body)) { res async throws in
            #expect(res.status == .created, "\(res.body.string)")
            result = try res.json()
        }
        return result
    }

    @Test func createReadChangeCompleteAndDelete() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let steps: [[String: Any]] = [["kind": "warmup", "duration": 900],
                                          ["kind": "repeats", "count": 6, "steps": [["kind": "interval", "distance": 800,
                                                                                      "target": ["kind": "pace", "low": 4.0, "high": 4.2]],
                                                                                     ["kind": "recovery", "duration": 120]]],
                                          ["kind": "cooldown", "duration": 600]]
            let plan = try await Self.create(app, user, ["date": "2026-12-08", "time": "18:30", "type": "intervals", "distance": 11_000,
                                                         "duration": 3900, "target_speed": 4.1, "zone": 5, "rpe": 8, "phase": "Base", "week": 2,
                                                         "description": "6 x 800 m", "coach_notes": "Even splits", "steps": steps])
            let id = try #require(plan["id"] as? String)
            #expect(plan["name"] as? String == "Intervals - 11 km")
            #expect(plan["sport"] as? String == "run")
            #expect((plan["steps"] as? [[String: Any]])?.count == 3)
            try await app.testing().test(.PATCH, "api/v1/plans/\(id)", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["name": "VO2 session", "sport": "trail_run", "zone": 4])) { res async throws in
                #expect(res.status == .ok)
                let body = try res.json()
                #expect(body["name"] as? String == "VO2 session")
                #expect(body["sport"] as? String == "trail_run")
                #expect(body["type"] as? String == "intervals")
                #expect(body["zone"] as? Int == 4)
            }
            try await app.testing().test(.POST, "api/v1/plans/\(id)/complete", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["completed": true, "percentage": 80])) { res async throws in
                let body = try res.json()
                #expect(body["completed"] as? Bool == true)
                #expect(body["completion_percentage"] as? Double == 80)
            }
            // Invalid input is refused with the field named.
            for (body, word) in [(["date": "2026-02-30", "type": "easy"], "date"), (["date": "2026-12-01", "type": "jogging"], "type"),
                                 (["date": "2026-12-01", "type": "easy", "zone": 9], "zone"),
                                 (["date": "2026-12-01", "type": "easy", "distance": -5], "distance"),
                                 (["date": "2026-12-01"], "name"),
                                 (["date": "2026-12-01", "type": "easy", "steps": [["kind": "repeats", "count": 0]]], "steps")] as [([String: Any], String)] {
                try await app.testing().test(.POST, "api/v1/plans", headers: user.bearer.merging(Self.json), body: TestUsers.json(body)) { res async in
                    #expect(res.status == .unprocessableEntity, "\(body)")
                    #expect(res.body.string.contains(word), "\(res.body.string)")
                }
            }
            // Another user sees nothing and can change nothing.
            let stranger = try await TestUsers.signUp(app)
            for method in [HTTPMethod.GET, .PATCH, .DELETE] {
                try await app.testing().test(method, "api/v1/plans/\(id)", headers: stranger.bearer.merging(Self.json),
                                             body: TestUsers.json(["name": "mine"])) { res async in
                    #expect(res.status == .notFound)
                }
            }
            try await app.testing().test(.DELETE, "api/v1/plans/\(id)", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/plans/\(id)", headers: user.bearer) { res async in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test func listFiltersSearchAndViews() async throws {
        try await withTestApp { app in
            app.clock = ManualClock(PlanDates.date("2026-12-09")!.addingTimeInterval(10 * 3600))
            let user = try await TestUsers.signUp(app)
            for (date, type, name, notes) in [("2026-12-07", "easy", "Monday jog", ""), ("2026-12-09", "intervals", "Track", "hill stride"),
                                              ("2026-12-09", "strength", "Core", ""), ("2026-12-12", "long", "Long run", "bring gels"),
                                              ("2026-12-20", "rest", "Rest", ""), ("2027-01-03", "race", "Cross", "")] {
                _ = try await Self.create(app, user, ["date": date, "type": type, "name": name, "coach_notes": notes, "distance": 10_000])
            }
            func names(_ query: String) async throws -> [String] {
                var result: [String] = []
                try await app.testing().test(.GET, "api/v1/plans?\(query)", headers: user.bearer) { res async throws in
                    #expect(res.status == .ok, "\(res.body.string)")
                    result = (try res.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                }
                return result
            }
            #expect(try await names("from=2026-12-08&to=2026-12-31") == ["Track", "Core", "Long run", "Rest"])
            #expect(try await names("type=long,race") == ["Long run", "Cross"])
            #expect(try await names("q=GELS") == ["Long run"])
            #expect(try await names("completed=false&per_page=2&page=2") == ["Core", "Long run"])
            try await app.testing().test(.GET, "api/v1/plans?from=12/12/2026", headers: user.bearer) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            // Month view: the full weeks of December 2026 (Monday 30 November to Sunday 3 January).
            try await app.testing().test(.GET, "api/v1/plans/calendar?month=2026-12", headers: user.bearer) { res async throws in
                let body = try res.json()
                let days = body["days"] as? [[String: Any]] ?? []
                #expect(body["from"] as? String == "2026-11-30" && body["to"] as? String == "2027-01-03")
                #expect(days.count == 35)
                #expect((days.first { $0["date"] as? String == "2026-12-09" }?["sessions"] as? [Any])?.count == 2)
            }
            try await app.testing().test(.GET, "api/v1/plans/calendar?week=2026-12-10", headers: user.bearer) { res async throws in
                let body = try res.json()
                #expect(body["from"] as? String == "2026-12-07" && (body["days"] as? [Any])?.count == 7)
            }
            try await app.testing().test(.GET, "api/v1/plans/upcoming", headers: user.bearer) { res async throws in
                let body = try res.json()
                #expect((body["next"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Track", "Core", "Long run", "Cross"])
                #expect(body["week_planned"] as? Int == 4)
            }
        }
    }

    /// An evening run in New York is on the next day in UTC: it counts on the athlete's day.
    @Test func activitiesCountOnTheDayOfTheAthletesTimeZone() async throws {
        try await withTestApp { app in
            app.clock = ManualClock(PlanDates.date("2026-11-12")!.addingTimeInterval(3 * 3600))
            let user = try await TestUsers.signUp(app)
            let userID = try #require(UUID(uuidString: user.id))
            let plan = try await Self.create(app, user, ["date": "2026-11-10", "type": "easy", "distance": 8000])
            // 20:30 in New York on the 10th is 01:30 UTC on the 11th.
            let run = SyntheticActivity.make(seed: 3, start: PlanDates.date("2026-11-11")!.addingTimeInterval(1.5 * 3600), seconds: 2700, sport: .run)
            let report = try await ActivityImporter(database: app.db, userID: userID, logger: app.logger)
                .importUpload(name: "evening.fit", data: FITEncoder().encode(run))
            let activityID = try #require(report.files.first?.activityID)
            func matched() async throws -> (activity: String?, days: [String: Int]) {
                var result: (String?, [String: Int]) = (nil, [:])
                try await app.testing().test(.GET, "api/v1/plans/comparison?from=2026-11-09&to=2026-11-15", headers: user.bearer) { res async throws in
                    let body = try res.json()
                    let session = (body["sessions"] as? [[String: Any]])?.first { ($0["plan"] as? [String: Any])?["id"] as? String == plan["id"] as? String }
                    result.0 = (session?["activity"] as? [String: Any])?["id"] as? String
                    result.1 = ((body["weeks"] as? [[String: Any]]) ?? []).reduce(into: [:]) { $0[$1["start"] as? String ?? ""] = $1["activities"] as? Int }
                }
                return result
            }
            #expect(try await matched().activity == nil, "in UTC the run was on the 11th")

            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["time_zone": "Nowhere/Atlantis"])) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["time_zone": "America/New_York"])) { res async throws in
                #expect(res.status == .ok, "\(res.body.string)")
                #expect(try res.json()["time_zone"] as? String == "America/New_York")
            }
            #expect(try await matched().activity == activityID.uuidString)
            #expect(try await matched().days == ["2026-11-09": 1])
            // The calendar shows it on the 10th too.
            try await app.testing().test(.GET, "api/v1/plans/calendar?week=2026-11-10", headers: user.bearer) { res async throws in
                let days = try res.json()["days"] as? [[String: Any]] ?? []
                let withActivity = days.filter { !(($0["activities"] as? [Any]) ?? []).isEmpty }.compactMap { $0["date"] as? String }
                #expect(withActivity == ["2026-11-10"])
            }
        }
    }

    @Test func plannedAgainstDoneWithHandLinks() async throws {
        try await withTestApp { app in
            app.clock = ManualClock(PlanDates.date("2026-12-14")!.addingTimeInterval(8 * 3600))
            let user = try await TestUsers.signUp(app)
            let userID = UUID(uuidString: user.id)!
            // Two sessions on Wednesday, one on Saturday that was skipped, a rest day.
            let easy = try await Self.create(app, user, ["date": "2026-12-09", "type": "easy", "distance": 8000, "duration": 2700])
            let intervals = try await Self.create(app, user, ["date": "2026-12-09", "type": "intervals", "distance": 12_000, "duration": 4200])
            let long = try await Self.create(app, user, ["date": "2026-12-12", "type": "long", "distance": 20_000])
            _ = try await Self.create(app, user, ["date": "2026-12-13", "type": "rest"])
            let importer = ActivityImporter(database: app.db, userID: userID, logger: app.logger)
            let morning = SyntheticActivity.make(seed: 1, start: PlanDates.date("2026-12-09")!.addingTimeInterval(7 * 3600), seconds: 4100, sport: .run)
            let evening = SyntheticActivity.make(seed: 2, start: PlanDates.date("2026-12-09")!.addingTimeInterval(18 * 3600), seconds: 2600, sport: .run)
            var activityIDs: [UUID] = []
            for (name, activity) in [("morning.fit", morning), ("evening.fit", evening)] {
                let report = try await importer.importUpload(name: name, data: FITEncoder().encode(activity))
                activityIDs.append(try #require(report.files.first?.activityID))
            }
            func comparison() async throws -> [String: Any] {
                var body: [String: Any] = [:]
                try await app.testing().test(.GET, "api/v1/plans/comparison?from=2026-12-07&to=2026-12-13", headers: user.bearer) { res async throws in
                    #expect(res.status == .ok, "\(res.body.string)")
                    body = try res.json()
                }
                return body
            }
            var body = try await comparison()
            var sessions = body["sessions"] as? [[String: Any]] ?? []
            func session(_ plan: [String: Any]) -> [String: Any]? {
                sessions.first { ($0["plan"] as? [String: Any])?["id"] as? String == plan["id"] as? String }
            }
            // The longer morning run is the interval session; the evening one the easy run.
            #expect((session(intervals)?["activity"] as? [String: Any])?["id"] as? String == activityIDs[0].uuidString)
            #expect((session(easy)?["activity"] as? [String: Any])?["id"] as? String == activityIDs[1].uuidString)
            #expect(session(long)?["status"] as? String == "missed")
            let score = session(easy)?["completion_score"] as? Double ?? 0
            #expect(score > 60 && score <= 100)
            #expect(session(easy)?["duration_difference"] as? Double == -101.0)
            #expect(body["completion_rate"] as? Double == 66.7)
            let week = (body["weeks"] as? [[String: Any]])?.first
            #expect(week?["planned_sessions"] as? Int == 3 && week?["completed_sessions"] as? Int == 2)
            #expect(week?["planned_distance"] as? Double == 40_000)
            // The athlete says the morning run was the easy one: the hand link wins, the rest follows.
            let easyID = try #require(easy["id"] as? String)
            try await app.testing().test(.POST, "api/v1/plans/\(easyID)/link", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["activity_id": activityIDs[0].uuidString])) { res async in
                #expect(res.status == .ok)
            }
            body = try await comparison()
            sessions = body["sessions"] as? [[String: Any]] ?? []
            #expect((session(easy)?["activity"] as? [String: Any])?["id"] as? String == activityIDs[0].uuidString)
            #expect((session(intervals)?["activity"] as? [String: Any])?["id"] as? String == activityIDs[1].uuidString)
            // Unlinked by hand: it stays unmatched.
            try await app.testing().test(.DELETE, "api/v1/plans/\(easyID)/link", headers: user.bearer) { res async in
                #expect(res.status == .ok)
            }
            body = try await comparison()
            sessions = body["sessions"] as? [[String: Any]] ?? []
            #expect(session(easy)?["activity"] == nil)
            #expect(session(easy)?["status"] as? String == "missed")
            // Someone else's activity cannot be linked.
            let stranger = try await TestUsers.signUp(app)
            let theirs = try await ActivityImporter(database: app.db, userID: UUID(uuidString: stranger.id)!, logger: app.logger)
                .importUpload(name: "x.fit", data: FITEncoder().encode(SyntheticActivity.make(seed: 9, start: Date(), seconds: 600)))
            try await app.testing().test(.POST, "api/v1/plans/\(easyID)/link", headers: user.bearer.merging(Self.json),
                                         body: TestUsers.json(["activity_id": theirs.files.first?.activityID?.uuidString ?? ""])) { res async in
                #expect(res.status == .notFound)
            }
        }
    }
}

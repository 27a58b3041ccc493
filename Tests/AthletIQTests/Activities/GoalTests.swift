@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// Goals count what was done in the athlete's week (from their Monday's midnight) or year.
@Suite struct GoalTests {
    @Test func aWeekGoalCountsFromTheAthletesMonday() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let formatter = ISO8601DateFormatter()
            // Auckland is UTC+13 in December: Monday 00:30 there is Sunday 11:30 UTC, Sunday 23:00 is 10:00 UTC.
            let mondayRun = try #require(formatter.date(from: "2026-12-06T11:30:00Z"))
            let sundayRun = try #require(formatter.date(from: "2026-12-06T10:00:00Z"))
            var distances: [Double] = []
            for (index, start) in [mondayRun, sundayRun].enumerated() {
                let run = SyntheticActivity.make(seed: UInt64(60 + index), start: start, seconds: 1200, sport: .run)
                distances.append(run.sessions.first?.distance ?? 0)
                #expect(try await TestFiles.upload(app, user, [("r\(index).fit", FITEncoder().encode(run))]).0 == .created)
            }
            let userID = try #require(UUID(uuidString: user.id))
            let zone = try #require(TimeZone(identifier: "Pacific/Auckland"))
            let service = GoalService(database: app.db, userID: userID,
                                      statistics: StatisticsService(database: app.db, userID: userID, cache: app.activityRowsCache, zone: zone))
            _ = try await service.create(GoalDTO(period: "week", metric: "distance", target: 20_000, family: "running"))
            _ = try await service.create(GoalDTO(period: "year", metric: "count", target: 100, family: nil))
            _ = try await service.create(GoalDTO(period: "week", metric: "time", target: 3600, family: "cycling"))
            let now = try #require(formatter.date(from: "2026-12-06T21:00:00Z"))   // Monday 10:00 in Auckland
            let progress = try await service.progress(now: now)
            #expect(progress.count == 3)
            #expect(abs(progress[0].done - distances[0]) < 1, "only Monday's run: \(progress[0].done) of \(distances)")
            #expect(progress[0].periodStart == formatter.date(from: "2026-12-06T11:00:00Z"), "Auckland's Monday midnight")
            #expect(progress[1].done == 2, "both runs are this year")
            #expect(progress[2].done == 0, "no ride")
            // A week later both runs are last week's.
            #expect(try await service.progress(now: now.addingTimeInterval(7 * 86_400))[0].done == 0)
        }
    }

    @Test func goalsOverTheAPIAndThePage() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let stranger = try await TestUsers.signUp(app)
            for bad: [String: Any] in [["period": "month", "metric": "distance", "target": 1000],
                                       ["period": "week", "metric": "distance", "target": -5],
                                       ["period": "week", "metric": "speed", "target": 5],
                                       ["period": "week", "metric": "count", "target": 3, "family": "flying"]] {
                try await app.testing().test(.POST, "api/v1/goals", headers: user.bearer.merging(TestUsers.jsonHeaders), body: TestUsers.json(bad)) { res async in
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                }
            }
            var id = ""
            try await app.testing().test(.POST, "api/v1/goals", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["period": "week", "metric": "count", "target": 4])) { res async in
                #expect(res.status == .created)
                id = ((try? JSONSerialization.jsonObject(with: Data(buffer: res.body))) as? [String: Any])?["id"] as? String ?? ""
            }
            try await app.testing().test(.GET, "api/v1/goals", headers: user.bearer) { res async in
                let list = (try? JSONSerialization.jsonObject(with: Data(buffer: res.body))) as? [[String: Any]] ?? []
                #expect(list.count == 1 && list.first?["done"] as? Double == 0 && list.first?["period_start"] is String, "\(list)")
            }
            try await app.testing().test(.DELETE, "api/v1/goals/\(id)", headers: stranger.bearer) { res async in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.DELETE, "api/v1/goals/\(id)", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            // The page's form takes kilometres.
            var form = user.browser()
            form.contentType = .urlEncodedForm
            try await app.testing().test(.POST, "goals", headers: form, body: ByteBuffer(string: "target=25,5&metric=distance&period=week&family=running")) { res async in
                #expect(res.status == .seeOther)
            }
            let goals = try await Goal.query(on: app.db).all()
            #expect(goals.map(\.target) == [25_500] && goals.first?.family == "running")
            try await app.testing().test(.GET, "summaries", headers: user.browser()) { res async in
                #expect(res.body.string.contains("<progress max=\"25500.0\" value=\"0.0\">"))
            }
        }
    }
}

@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct ActivityListTests {
    /// Stores `count` activities for a user directly (the list does not need files).
    static func seed(_ app: Application, userID: String, count: Int, sport: Sport = .run, start: Date = Date(timeIntervalSince1970: 1_700_000_000)) async throws {
        for index in 0..<count {
            let activity = Activity()
            activity.$user.id = UUID(uuidString: userID)!
            activity.source = "file"
            activity.name = index % 2 == 0 ? "Tempo run \(index)" : "Easy jog \(index)"
            activity.sport = sport.rawValue
            activity.sportLocked = false
            activity.startDate = start.addingTimeInterval(Double(index) * 86_400)
            activity.elapsedTime = 3600
            activity.distance = 10_000
            activity.hasSamples = false
            activity.sampleCount = 0
            activity.hasPosition = false
            activity.hasHeartRate = false
            activity.hasPower = false
            try await activity.create(on: app.db)
        }
    }

    func get(_ app: Application, _ user: SignedInUser, _ path: String) async throws -> (HTTPStatus, [String: Any]) {
        var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
        try await app.testing().test(.GET, path, headers: user.bearer) { res async throws in result = (res.status, try res.json()) }
        return result
    }

    @Test func listsArePaginatedFilteredAndPrivate() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let other = try await TestUsers.signUp(app)
            try await Self.seed(app, userID: user.id, count: 7)
            try await Self.seed(app, userID: user.id, count: 2, sport: .ride, start: Date(timeIntervalSince1970: 1_600_000_000))
            try await Self.seed(app, userID: other.id, count: 3)

            let (_, first) = try await get(app, user, "api/v1/activities?per_page=4")
            #expect(first["total"] as? Int == 9)
            #expect((first["items"] as? [Any])?.count == 4)
            let next = try #require(first["next"] as? String)
            #expect(next.contains("page=2"))
            let (_, last) = try await get(app, user, "api/v1/activities?per_page=4&page=3")
            #expect((last["items"] as? [Any])?.count == 1)
            #expect(last["next"] == nil || last["next"] is NSNull)
            let dates = (first["items"] as? [[String: Any]] ?? []).compactMap { $0["start_date"] as? String }
            #expect(dates == dates.sorted(by: >))

            #expect(try await get(app, user, "api/v1/activities?sport=ride").1["total"] as? Int == 2)
            #expect(try await get(app, user, "api/v1/activities?family=running").1["total"] as? Int == 7)
            let (_, found) = try await get(app, user, "api/v1/activities?q=TEMPO")
            #expect(found["total"] as? Int == 5, "\(found)") // four runs and one ride are named "Tempo…"
            #expect(try await get(app, user, "api/v1/activities?from=2023-11-16&to=2023-11-18").1["total"] as? Int == 2)
            #expect(try await get(app, user, "api/v1/activities?sport=curling").0 == .unprocessableEntity)
            #expect(try await get(app, user, "api/v1/activities?from=yesterday").0 == .unprocessableEntity)
            #expect(try await get(app, user, "api/v1/activities?per_page=100000").0 == .unprocessableEntity)
            #expect(try await get(app, user, "api/v1/activities?per_page=200").1["per_page"] as? Int == 200)
            #expect(try await get(app, other, "api/v1/activities").1["total"] as? Int == 3)
        }
    }

    @Test func correctingTheSportLocksItAndDeleteRemovesEverything() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (_, body) = try await TestFiles.upload(app, user, [("run.fit", try TestFiles.data("fit/fitparse-activity-small-fenix2-run.fit"))])
            let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
            try await app.testing().test(.PATCH, "api/v1/activities/\(id)", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["sport": "trail_run", "name": "Forest loop"])) { res async throws in
                let activity = try res.json()
                #expect(activity["sport"] as? String == "trail_run")
                #expect(activity["sport_locked"] as? Bool == true)
                #expect(activity["name"] as? String == "Forest loop")
            }
            try await app.testing().test(.PATCH, "api/v1/activities/\(id)", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["sport": "quidditch"])) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.DELETE, "api/v1/activities/\(id)", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            #expect(try await Activity.query(on: app.db).count() == 0)
            #expect(try await ActivityStream.query(on: app.db).count() == 0)
            #expect(try await ActivityFile.query(on: app.db).count() == 0)
            try await app.testing().test(.GET, "api/v1/activities/\(id)", headers: user.bearer) { res async in
                #expect(res.status == .notFound)
            }
        }
    }
}

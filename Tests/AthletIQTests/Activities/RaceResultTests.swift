@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A race measured a little short by GPS still counts as its distance; its official distance and
/// time win for records, predictions and the backtest; an earlier race informs a later one.
@Suite struct RaceResultTests {
    /// A run at an even `speed` (m/s) for `seconds`, with positions along a meridian.
    static func steadyRun(start: Date, seconds: Int, speed: Double) -> DecodedActivity {
        var activity = DecodedActivity(format: .fit)
        activity.sport = .run
        activity.startTime = start
        var builder = SampleSeriesBuilder(capacity: seconds + 1)
        for second in 0...seconds {
            var row = SampleRow()
            row.time = start.timeIntervalSince1970 + Double(second)
            row.distance = Double(second) * speed
            row.speed = speed
            row.latitude = 45 + Double(second) * speed / 111_320
            row.longitude = 6
            row.heartRate = 160
            builder.append(row)
        }
        activity.samples = builder.build()
        return activity
    }

    func record(_ app: Application, _ user: SignedInUser, _ name: String) async throws -> Double? {
        var value: Double?
        try await app.testing().test(.GET, "api/v1/records", headers: user.bearer) { res async throws in
            let records = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
            value = records.first { $0["name"] as? String == name }?["value"] as? Double
        }
        return value
    }

    func patch(_ app: Application, _ user: SignedInUser, _ id: String, _ body: [String: Any]) async throws -> (HTTPStatus, [String: Any]) {
        var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
        try await app.testing().test(.PATCH, "api/v1/activities/\(id)", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                     body: TestUsers.json(body)) { res async throws in
            result = (res.status, (try? res.json()) ?? [:])
        }
        return result
    }

    @Test func aRaceCountsAtItsOfficialDistanceAndTime() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            // A 5 km race the watch measured at 4,950 m (1 % short): no stretch of it is 5 km.
            let start = Date().addingTimeInterval(-40 * 86_400)
            let race = Self.steadyRun(start: start, seconds: 1650, speed: 3)
            let (status, body) = try await TestFiles.upload(app, user, [("race.fit", FITEncoder().encode(race))])
            #expect(status == .created, "\(body)")
            let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
            #expect(try await record(app, user, "5k") == nil)
            #expect(try await record(app, user, "1k").map { abs($0 - 1000.0 / 3) < 0.5 } == true)

            // Marked as a race, it counts as a 5 km in its own time.
            #expect(try await patch(app, user, id, ["race": true]).0 == .ok)
            #expect(try await record(app, user, "5k") == 1650)

            // Its official result wins, and is shown.
            let (_, updated) = try await patch(app, user, id, ["race_distance": 5000, "race_time": 1642])
            #expect(updated["race_distance"] as? Double == 5000 && updated["race_time"] as? Double == 1642)
            #expect(updated["race"] as? Bool == true)
            #expect(try await record(app, user, "5k") == 1642)
            // The prediction is based on it.
            let userID = try #require(UUID(uuidString: user.id))
            let bests = try await AthleteParametersService(database: app.db, userID: userID).bestEfforts(family: "running", before: Date())
            #expect(bests.first { $0.label == "5k" }?.time == 1642)

            // Bad values are refused; 0 clears the official time.
            #expect(try await patch(app, user, id, ["race_distance": 50]).0 == .unprocessableEntity)
            #expect(try await patch(app, user, id, ["race_time": -5]).0 == .unprocessableEntity)
            let (_, cleared) = try await patch(app, user, id, ["race_time": 0])
            #expect(cleared["race_time"] == nil)
            #expect(try await record(app, user, "5k") == 1650)
        }
    }

    /// A race entered by hand (no samples, from a Strava export's CSV) counts at its official
    /// distance, and stops counting when it is no longer a race.
    @Test func aRaceWithoutSamplesCountsAtItsDistance() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let csv = """
                Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Commute,Activity Gear,Filename,Elapsed Time,Moving Time,Distance
                555,"Mar 3, 2025, 9:00:00 AM",Club 10k,Run,,2500,10,false,,,2500,2480,10000
                """
            let (status, body) = try await TestFiles.upload(app, user, [("export_1.zip", try TestFiles.zip([("activities.csv", Data(csv.utf8))]))])
            #expect(status == .created, "\(body)")
            let id = try #require(try await Activity.query(on: app.db).first()?.requireID()).uuidString
            #expect(try await record(app, user, "10k") == nil)
            #expect(try await patch(app, user, id, ["race_distance": 10_000, "race_time": 2471]).0 == .ok)
            #expect(try await record(app, user, "10k") == 2471)
            #expect(try await patch(app, user, id, ["race": false]).0 == .ok)
            #expect(try await record(app, user, "10k") == nil)
        }
    }

    /// Before, every race's efforts were left out of the backtest: a 10 km raced a month after a
    /// 5 km (the athlete's only runs) had nothing to be predicted from.
    @Test func anEarlierRaceInformsTheBacktestOfALaterOne() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var ids: [String] = []
            for (daysAgo, seconds, speed) in [(60, 1250, 4.0), (30, 2600, 3.85)] {
                let run = Self.steadyRun(start: Date().addingTimeInterval(-Double(daysAgo) * 86_400), seconds: seconds, speed: speed)
                let (_, body) = try await TestFiles.upload(app, user, [("run\(daysAgo).fit", FITEncoder().encode(run))])
                ids.append(try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String))
            }
            #expect(try await patch(app, user, ids[0], ["race_distance": 5000, "race_time": 1250]).0 == .ok)
            #expect(try await patch(app, user, ids[1], ["race_distance": 10_000, "race_time": 2598]).0 == .ok)
            let summary = try await BacktestService(database: app.db, userID: try #require(UUID(uuidString: user.id))).run()
            #expect(summary.results.map(\.race.distance) == [5000, 10_000])
            #expect(summary.results.first?.predicted == nil, "nothing came before the first race")
            let later = try #require(summary.results.last)
            #expect(later.race.time == 2598, "the official time")
            #expect(later.basis >= 2, "the 5 km race's efforts")
            #expect(abs(later.errorPercent ?? 100) < 5, "\(later)")
        }
    }

    /// The activity page's race form, in French decimals: ticked with an official result, then untick.
    @Test func theActivityPageSetsAndClearsTheRaceResult() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let race = Self.steadyRun(start: Date().addingTimeInterval(-3 * 86_400), seconds: 1650, speed: 3)
            let (_, body) = try await TestFiles.upload(app, user, [("race.fit", FITEncoder().encode(race))])
            let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
            try await app.testing().test(.GET, "activities/\(id)", headers: user.browser()) { res async in
                #expect(res.body.string.contains("action=\"/activities/\(id)/race\""))
            }
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "activities/\(id)/race", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&race=on&race_distance=5%2C0&race_time=0%3A27%3A22")) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/activities/\(id)")
            }
            let activity = try #require(try await Activity.find(UUID(uuidString: id), on: app.db))
            #expect(activity.isRace && activity.raceDistance == 5000 && activity.raceTime == 1642)
            #expect(try await record(app, user, "5k") == 1642)
            try await app.testing().test(.GET, "activities/\(id)", headers: user.browser()) { res async in
                let html = res.body.string
                #expect(html.contains("value=\"on\" checked"))
                #expect(html.contains("value=\"0:27:22\""))
            }
            try await app.testing().test(.POST, "activities/\(id)/race", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&race_distance=5&race_time=0%3A27%3A22")) { res async in
                #expect(res.status == .seeOther)
            }
            let cleared = try #require(try await Activity.find(UUID(uuidString: id), on: app.db))
            #expect(!cleared.isRace && cleared.raceDistance == nil && cleared.raceTime == nil)
            #expect(try await record(app, user, "5k") == nil)
            try await app.testing().test(.POST, "activities/\(id)/race", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&race=on&race_distance=far")) { res async in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }
}

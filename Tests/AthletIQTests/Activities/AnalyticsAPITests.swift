@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import NIOCore

@Suite struct AnalyticsAPITests {
    func get(_ app: Application, _ user: SignedInUser, _ path: String) async throws -> (HTTPStatus, Any?) {
        var result: (HTTPStatus, Any?) = (.internalServerError, nil)
        try await app.testing().test(.GET, path, headers: user.bearer) { res async in
            result = (res.status, try? JSONSerialization.jsonObject(with: Data(buffer: res.body)))
        }
        return result
    }

    /// Two synthetic runs a few days apart, uploaded as FIT files.
    func uploadRuns(_ app: Application, _ user: SignedInUser) async throws -> [String] {
        var ids: [String] = []
        for (index, day) in [0, 3].enumerated() {
            let start = Date().addingTimeInterval(Double(day - 10) * 86_400)
            let activity = SyntheticActivity.make(seed: UInt64(index + 10), start: start, seconds: 2400, sport: .run)
            let (status, body) = try await TestFiles.upload(app, user, [("run\(index).fit", FITEncoder().encode(activity))])
            #expect(status == .created, "\(body)")
            ids.append((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String ?? "")
        }
        return ids
    }

    /// An athlete in Paris runs on Monday at 00:30 (Sunday 22:30 UTC): the statistics and the
    /// fitness chart count it on Monday, and a bare date in the query is their day.
    @Test func statisticsAndFitnessCountOnTheAthletesDays() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["time_zone": "Europe/Paris"])) { res async in
                #expect(res.status == .ok)
            }
            let start = try #require(ISO8601DateFormatter().date(from: "2026-03-29T22:30:00Z"))
            let run = SyntheticActivity.make(seed: 21, start: start, seconds: 1800, sport: .run)
            #expect(try await TestFiles.upload(app, user, [("midnight.fit", FITEncoder().encode(run))]).0 == .created)

            let (_, stats) = try await get(app, user, "api/v1/analytics/stats?group=week&from=2026-03-30&to=2026-04-06")
            let json = stats as? [String: Any] ?? [:]
            #expect(json["time_zone"] as? String == "Europe/Paris")
            let periods = json["periods"] as? [[String: Any]] ?? []
            #expect(periods.map { $0["period"] as? String } == ["2026-03-30"], "\(json)")
            #expect(periods.first?["start"] as? String == "2026-03-29T22:00:00Z", "Paris midnight")

            let (_, fitness) = try await get(app, user, "api/v1/analytics/fitness?from=2026-03-29&to=2026-03-31")
            let days = (fitness as? [String: Any])?["days"] as? [[String: Any]] ?? []
            #expect(days.map { $0["date"] as? String } == ["2026-03-29", "2026-03-30", "2026-03-31"])
            #expect((days.first?["load"] as? Double) == 0)
            #expect((days.dropFirst().first?["load"] as? Double ?? 0) > 0, "\(days)")
            #expect((fitness as? [String: Any])?["time_zone"] as? String == "Europe/Paris")
        }
    }

    @Test func activitiesAreAnalysedAndFeedFitnessStatsRecordsAndPredictions() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let ids = try await uploadRuns(app, user)
            let (status, analysis) = try await get(app, user, "api/v1/activities/\(ids[0])/analysis")
            #expect(status == .ok)
            let body = (analysis as? [String: Any])?["analysis"] as? [String: Any] ?? [:]
            #expect((body["moving_time"] as? Double ?? 0) > 2000)
            #expect((body["splits_kilometre"] as? [Any])?.count ?? 0 >= 5)
            #expect((body["best_efforts"] as? [[String: Any]])?.contains { $0["name"] as? String == "5k" } == true)
            #expect(body["load"] is Double, "an estimated max heart rate gives a load")

            let (_, fitness) = try await get(app, user, "api/v1/analytics/fitness?metric=trimp")
            let days = (fitness as? [String: Any])?["days"] as? [[String: Any]] ?? []
            #expect(days.count == 90)
            #expect(days.contains { ($0["load"] as? Double ?? 0) > 0 })
            #expect((fitness as? [String: Any])?["status"] is String)

            let (_, stats) = try await get(app, user, "api/v1/analytics/stats?group=month&family=running")
            let total = (stats as? [String: Any])?["total"] as? [String: Any] ?? [:]
            #expect(total["count"] as? Int == 2)
            #expect((total["distance"] as? Double ?? 0) > 10_000)
            // Encoded outside the global encoder: the same snake_case keys as every other response.
            #expect(Set(total.keys) == ["period", "start", "count", "distance", "moving_time", "elevation_gain", "pace", "load", "by_sport"])
            #expect(Set(((total["by_sport"] as? [String: Any])?["run"] as? [String: Any] ?? [:]).keys)
                == ["count", "distance", "moving_time", "elevation_gain", "pace"])
            #expect((total["start"] as? String)?.hasSuffix("Z") == true)
            #expect(Set((stats as? [String: Any] ?? [:]).keys) == ["group", "time_zone", "periods", "total", "road", "trail"])

            let (_, records) = try await get(app, user, "api/v1/records")
            #expect(((records as? [[String: Any]]) ?? []).contains { $0["name"] as? String == "5k" && $0["unit"] as? String == "s" })
            let (_, history) = try await get(app, user, "api/v1/records/1k")
            #expect(((history as? [Any]) ?? []).count >= 1)
            #expect(try await get(app, user, "api/v1/records/42k").0 == .notFound)

            let (_, zones) = try await get(app, user, "api/v1/analytics/heart-rate-zones")
            let zoneList = (zones as? [String: Any])?["zones"] as? [[String: Any]] ?? []
            #expect(zoneList.count == 7, "the athlete's zones: Friel's, from the estimated threshold")
            #expect(zoneList.contains { $0["pace"] is [String: Any] })
            let (_, relation) = try await get(app, user, "api/v1/analytics/elevation-pace")
            #expect((((relation as? [String: Any])?["relation"] as? [String: Any])?["points"] as? [Any])?.isEmpty == false)

            // The first activity set every record; the second only those it beat.
            let (_, first) = try await get(app, user, "api/v1/activities/\(ids[0])")
            #expect(((first as? [String: Any])?["records"] as? [String])?.contains("1k") == true)

            // Mark the second run a race: the backtest predicts it from the first.
            try await app.testing().test(.PATCH, "api/v1/activities/\(ids[1])", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["race": true])) { res async throws in
                #expect(try res.json()["race"] as? Bool == true)
            }
            let (_, backtest) = try await get(app, user, "api/v1/predictions/backtest")
            let results = ((backtest as? [String: Any])?["summary"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
            #expect(results.count == 1)
            #expect(results.first?["error_percent"] is Double)

            let (predictionStatus, prediction) = try await get(app, user, "api/v1/predictions?distance=21097.5")
            #expect(predictionStatus == .ok)
            let time = ((prediction as? [String: Any])?["prediction"] as? [String: Any])?["time"] as? Double ?? 0
            #expect(time > 3600 && time < 4 * 3600)
        }
    }

    @Test func editingOrDeletingAnActivityUpdatesLoadAndRecords() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let ids = try await uploadRuns(app, user)
            func totalLoad() async throws -> Double {
                let (_, fitness) = try await get(app, user, "api/v1/analytics/fitness?metric=trimp")
                return ((fitness as? [String: Any])?["days"] as? [[String: Any]] ?? []).compactMap { $0["load"] as? Double }.reduce(0, +)
            }
            func recordCount() async throws -> Int {
                try await BestEffortRecord.query(on: app.db).count()
            }
            let loadBefore = try await totalLoad(), recordsBefore = try await recordCount()
            #expect(loadBefore > 0)
            try await app.testing().test(.DELETE, "api/v1/activities/\(ids[1])", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            let loadAfter = try await totalLoad(), recordsAfter = try await recordCount()
            #expect(loadAfter < loadBefore)
            #expect(recordsAfter < recordsBefore)
            // A new profile re-analyses: a higher max heart rate lowers the TRIMP.
            try await app.testing().test(.PUT, "api/v1/profile", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["max_heart_rate": 220, "resting_heart_rate": 40,
                                                               "effective_from": "2000-01-01T00:00:00Z"])) { res async throws in
                #expect(res.status == .ok)
                let profile = try res.json()
                #expect(profile["max_heart_rate"] as? Double == 220)
                #expect(!((profile["estimated"] as? [String]) ?? []).contains("max_heart_rate"))
                // The threshold is estimated from the maximum: Friel's zones, as the analyses use.
                #expect(profile["heart_rate_zone_method"] as? String == "lactate_threshold")
                #expect((profile["heart_rate_zones"] as? [Any])?.count == 7)
            }
            await app.analysisTasks.waitForAll()
            #expect(try await totalLoad() < loadAfter)
            func analysedZoneCount() async throws -> Int {
                let (_, analysis) = try await get(app, user, "api/v1/activities/\(ids[0])/analysis")
                return (((analysis as? [String: Any])?["analysis"] as? [String: Any])?["heart_rate_zones"] as? [Any])?.count ?? 0
            }
            #expect(try await analysedZoneCount() == 7)
            // The athlete chooses heart-rate reserve: settings and every analysis follow.
            try await app.testing().test(.PUT, "api/v1/profile", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["max_heart_rate": 220, "resting_heart_rate": 40, "heart_rate_zone_method": "heart_rate_reserve",
                                                               "effective_from": "2000-01-01T00:00:00Z"])) { res async throws in
                #expect(res.status == .ok)
                let profile = try res.json()
                #expect(profile["heart_rate_zone_method"] as? String == "heart_rate_reserve")
                let zones = profile["heart_rate_zones"] as? [[String: Any]] ?? []
                #expect(zones.count == 5)
                #expect(zones.dropFirst().first?["lower"] as? Double == 148, "40 + 60 % of the 180 bpm reserve")
            }
            await app.analysisTasks.waitForAll()
            #expect(try await analysedZoneCount() == 5)
            try await app.testing().test(.PUT, "api/v1/profile", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["heart_rate_zone_method": "rainbow"])) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.PUT, "api/v1/profile", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["max_heart_rate": 400])) { res async in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }

    /// The history read once (for re-analysing a big import) resolves every date exactly as
    /// the query for that date does, and an import analyses each activity with its date's values.
    @Test func parametersFromTheHistoryMatchThoseQueriedForEachDate() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let ids = try await uploadRuns(app, user)
            let userID = try #require(UUID(uuidString: user.id))
            let service = AthleteParametersService(database: app.db, userID: userID)
            let history = try await service.history()
            #expect(history.efforts.contains { $0.name == "5k" })
            let now = Date()
            for days in [-400.0, -12, -10, -8, -7, -3, 0, 300, 370] {
                let date = now.addingTimeInterval(days * 86_400)
                let queried = try await service.resolve(at: date)
                let remembered = history.resolve(at: date)
                #expect(queried.parameters == remembered.parameters, "on day \(days)")
                #expect(queried.estimated == remembered.estimated, "on day \(days)")
            }
            // Before the first run no threshold speed can be estimated; after it, one is.
            #expect(history.resolve(at: now.addingTimeInterval(-11 * 86_400)).parameters.thresholdSpeed == nil)
            #expect(history.resolve(at: now.addingTimeInterval(-5 * 86_400)).parameters.thresholdSpeed != nil)
            // The second run was analysed again with the threshold its date allows.
            let second = try #require(try await Activity.find(UUID(uuidString: ids[1]), on: app.db))
            let analysis = try #require(second.analysisJSON)
            let stored = try JSONDecoder.api.decode(ActivityAnalysis.self, from: Data(analysis.utf8))
            let expected = ActivityAnalyzer.analyze(try #require(try await samples(app, second)), sport: .run,
                                                    parameters: history.resolve(at: second.startDate).parameters)
            #expect(stored.runningStress == expected.runningStress)
            #expect(stored.runningStress != nil)
        }
    }

    func samples(_ app: Application, _ activity: Activity) async throws -> SampleSeries? {
        guard let stream = try await ActivityStream.query(on: app.db).filter(\.$activity.$id == activity.requireID()).first() else { return nil }
        return try SampleCodec.decode(stream.data)
    }
}

@Suite struct CourseAPITests {
    @Test func aGPXCourseGetsSegmentsAndAidStationTimes() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            // Without any effort or threshold there is nothing to predict from.
            try await app.testing().test(.GET, "api/v1/predictions/course?distance=10000", headers: user.bearer) { res async in
                #expect(res.status == .notFound)
            }
            let run = SyntheticActivity.make(seed: 9, start: Date().addingTimeInterval(-86_400), seconds: 3000, sport: .run)
            _ = try await TestFiles.upload(app, user, [("run.fit", FITEncoder().encode(run))])
            var headers = user.bearer
            headers.add(name: .contentType, value: "application/gpx+xml")
            try await app.testing().test(.POST, "api/v1/predictions/course?trail=true&aid=1.5:Bridge,3:Lake", headers: headers,
                                         body: ByteBuffer(bytes: try TestFiles.data("gpx/gpxpy-cerknicko-jezero.gpx"))) { res async throws in
                #expect(res.status == .ok, "\(res.body.string)")
                let forecast = try res.json()["forecast"] as? [String: Any] ?? [:]
                #expect(forecast["terrain_factor"] as? Double == 1.12)
                let stations = forecast["aid_stations"] as? [[String: Any]] ?? []
                #expect(stations.map { $0["name"] as? String } == ["Bridge", "Lake"])
                let times = stations.compactMap { $0["time"] as? Double }
                #expect(times.count == 2 && times[0] < times[1] && times[1] < (forecast["finish_time"] as? Double ?? 0))
                #expect(((forecast["segments"] as? [Any]) ?? []).count >= 4)
            }
            try await app.testing().test(.POST, "api/v1/predictions/course", headers: headers, body: ByteBuffer(string: "<gpx><nope")) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.GET, "api/v1/predictions/course?distance=42195&gain=2000&loss=2000&trail=true", headers: user.bearer) { res async throws in
                let forecast = try res.json()["forecast"] as? [String: Any] ?? [:]
                #expect((forecast["flat_equivalent_distance"] as? Double ?? 0) > 42195)
            }
        }
    }
}

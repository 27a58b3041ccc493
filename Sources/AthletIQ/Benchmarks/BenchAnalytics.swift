import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The analytics figures of the README: the fitness chart over ten years, period statistics over
/// 5,000 activities through the HTTP API, and the analysis of a 10-hour activity.
public enum BenchAnalytics {
    public struct Result: Sendable {
        public var fitnessTenYearsMilliseconds: Double
        public var statsFiveThousandMilliseconds: Double
        /// The first request after an activity changed: every row read again.
        public var statsAfterChangeMilliseconds: Double
        public var analysisTenHoursMilliseconds: Double
        public var pages: BenchPages.Result?
        public var curves: BenchCurves.Result?
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The median of `runs` timings.
    static func median(_ runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            try await body()
            times.append(milliseconds(clock.now - start))
        }
        return times.sorted()[times.count / 2]
    }

    public static func run(dataDirectory: String) async throws -> Result {
        // Fitness over ten years of daily loads.
        var loads: [Int: Double] = [:]
        var random = SplitMix64(seed: 42)
        for day in 0..<3650 { loads[day] = random.unit() * 120 }
        let fitness = await median(21) { _ = FitnessModel.series(loads: loads, from: 0, to: 3649) }

        // A 10-hour activity at 1 Hz.
        let long = SyntheticActivity.make(seed: 1, start: Date(), seconds: 36_000, sport: .run)
        let parameters = AthleteParameters(maxHeartRate: 190, restingHeartRate: 50, lactateThresholdHeartRate: 170, thresholdSpeed: 4)
        let analysis = await median(11) { _ = ActivityAnalyzer.analyze(long.samples, sport: .run, parameters: parameters) }

        // Period statistics over 5,000 activities, through the API on a real socket.
        let loaded = SettingsLoader.load(environment: ["ENVIRONMENT": "testing", "DATA_DIR": dataDirectory, "LOG_LEVEL": "error",
                                                       "RATE_LIMIT_USER": "1000000/1m"], persistDevelopmentSecrets: false)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: loaded.settings)
            try await app.autoMigrate()
            let user = try await AccountService(application: app, database: app.db)
                .signUp(fullName: "Bench", email: "stats@example.org", password: "benchmark password")
            let userID = try user.requireID()
            try await seed(app.db, userID: userID, count: 5000)
            let tokens = try await SessionService(database: app.db, settings: app.settings, keys: app.jwt.keys, logger: app.logger)
                .start(user: user, device: "bench", ip: "127.0.0.1")
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = app.http.server.shared.localAddress?.port ?? 0
            let url = URI(string: "http://127.0.0.1:\(port)/api/v1/analytics/stats?group=week")
            let headers: HTTPHeaders = ["Authorization": "Bearer \(tokens.accessToken)"]
            _ = try await app.client.get(url, headers: headers)
            let stats = try await median(21) {
                let response = try await app.client.get(url, headers: headers)
                guard response.status == .ok else { throw Abort(.internalServerError, reason: "stats answered \(response.status)") }
            }
            // After a change (not timed), the rows are read again and everything recomputed.
            var afterChange: [Double] = []
            let touched = try await Activity.query(on: app.db).filter(\.$user.$id == userID).first()
            for index in 0..<21 {
                touched?.name = "Activity touched \(index)"
                try await touched?.update(on: app.db)
                afterChange.append(try await median(1) {
                    let response = try await app.client.get(url, headers: headers)
                    guard response.status == .ok else { throw Abort(.internalServerError, reason: "stats answered \(response.status)") }
                })
            }
            let pages = try await BenchPages.run(app: app, userID: userID, headers: headers, base: "http://127.0.0.1:\(port)")
            // Curves: another athlete, with 10,000 rides of their own.
            let rider = try await AccountService(application: app, database: app.db)
                .signUp(fullName: "Rider", email: "curves@example.org", password: "benchmark password")
            let riderTokens = try await SessionService(database: app.db, settings: app.settings, keys: app.jwt.keys, logger: app.logger)
                .start(user: rider, device: "bench", ip: "127.0.0.1")
            let curves = try await BenchCurves.run(app: app, userID: try rider.requireID(),
                                                   headers: ["Authorization": "Bearer \(riderTokens.accessToken)"], base: "http://127.0.0.1:\(port)")
            await app.server.shutdown()
            try await app.asyncShutdown()
            return Result(fitnessTenYearsMilliseconds: fitness, statsFiveThousandMilliseconds: stats,
                          statsAfterChangeMilliseconds: afterChange.sorted()[afterChange.count / 2], analysisTenHoursMilliseconds: analysis,
                          pages: pages, curves: curves)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func seed(_ database: any Database, userID: UUID, count: Int) async throws {
        let start = Date().addingTimeInterval(-Double(count) * 86_400 / 2)
        try await database.writeTransaction { database in
            for index in 0..<count {
                let activity = Activity()
                activity.$user.id = userID
                activity.source = "file"
                activity.name = "Activity \(index)"
                activity.sport = [Sport.run, .trailRun, .ride][index % 3].rawValue
                activity.sportLocked = false
                activity.startDate = start.addingTimeInterval(Double(index) * 43_200)
                activity.elapsedTime = 3600
                activity.movingTime = 3500
                activity.distance = 10_000
                activity.ascent = 100
                activity.load = 60
                activity.hasSamples = false
                activity.sampleCount = 0
                activity.hasPosition = false
                activity.hasHeartRate = false
                activity.hasPower = false
                try await activity.create(on: database)
            }
        }
    }
}


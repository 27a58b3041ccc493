import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The duration curves of an athlete with 10,000 rides with power, through the API: all time,
/// and the last 90 days with all time laid over it.
public enum BenchCurves {
    public struct Result: Sendable {
        public var allTimeMilliseconds: Double
        public var ninetyDaysComparedMilliseconds: Double
    }

    static func run(app: Application, userID: UUID, headers: HTTPHeaders, base: String, count: Int = 10_000) async throws -> Result {
        try await seed(app.db, userID: userID, count: count, now: app.clock.now())
        func fetch(_ path: String) async throws {
            let response = try await app.client.get(URI(string: base + path), headers: headers)
            guard response.status == .ok else { throw Abort(.internalServerError, reason: "\(path) answered \(response.status)") }
        }
        let allTime = "/api/v1/analytics/curves"
        let from = ISO8601DateFormatter().string(from: app.clock.now().addingTimeInterval(-90 * 86_400))
        let compared = "/api/v1/analytics/curves?from=\(from)&compare_from=2000-01-01"
        try await fetch(allTime)
        return Result(allTimeMilliseconds: try await BenchAnalytics.median(21) { try await fetch(allTime) },
                      ninetyDaysComparedMilliseconds: try await BenchAnalytics.median(21) { try await fetch(compared) })
    }

    /// Rides of the last `count` half-days, each with a power curve of its own (the shape of a
    /// real one, scaled by the day's form), written as the analysis writes them.
    static func seed(_ database: any Database, userID: UUID, count: Int, now: Date) async throws {
        try await database.writeTransaction { database in
            var random = SplitMix64(seed: 7)
            for index in 0..<count {
                let activity = Activity()
                activity.$user.id = userID
                activity.source = "file"
                activity.name = "Ride \(index)"
                activity.sport = Sport.ride.rawValue
                activity.sportLocked = false
                activity.startDate = now.addingTimeInterval(-Double(index) * 43_200)
                activity.elapsedTime = 7200
                activity.hasSamples = false
                activity.sampleCount = 0
                activity.hasPosition = false
                activity.hasHeartRate = false
                activity.hasPower = true
                try await activity.create(on: database)
                let form = 0.8 + random.unit() * 0.3
                let power = DurationCurves.durations.filter { $0 <= 7200 }.map {
                    DurationCurves.Point(x: $0, value: (240 + 20_000 / max($0, 20)) * form)
                }
                try await DurationCurveService.replace(power: power, pace: [], of: activity, family: "cycling", userID: userID, on: database)
            }
        }
    }
}

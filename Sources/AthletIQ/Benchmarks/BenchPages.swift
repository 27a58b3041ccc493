import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Server time and weight of the busiest pages for an athlete with thousands of activities,
/// measured through HTTP on a real socket.
public enum BenchPages {
    public struct Result: Sendable {
        public var dashboardMilliseconds: Double
        public var activityMilliseconds: Double
        public var listMilliseconds: Double
        public var plansMilliseconds: Double
        /// HTML plus stylesheet and script, in bytes.
        public var dashboardBytes: Int
        public var activityBytes: Int
    }

    static func run(app: Application, userID: UUID, headers: HTTPHeaders, base: String) async throws -> Result {
        // The longest page to open: a 10-hour ride at one sample per second (36,000 samples), with
        // its map, charts, chart data, laps and splits.
        let long = SyntheticActivity.make(seed: 11, start: app.clock.now().addingTimeInterval(-2 * 86_400), seconds: 36_000, sport: .ride)
        let report = try await ActivityImporter(database: app.db, userID: userID, logger: app.logger)
            .importUpload(name: "long.fit", data: FITEncoder().encode(long))
        guard let activityID = report.files.first?.activityID else { throw Abort(.internalServerError, reason: "no activity") }
        func fetch(_ path: String) async throws -> Int {
            let response = try await app.client.get(URI(string: base + path), headers: headers)
            guard response.status == .ok else { throw Abort(.internalServerError, reason: "\(path) answered \(response.status)") }
            return response.body?.readableBytes ?? 0
        }
        let assets = try await fetch("/assets/app.css") + (try await fetch("/assets/app.js"))
        var sizes: [String: Int] = [:]
        func time(_ path: String) async throws -> Double {
            sizes[path] = try await fetch(path)
            return try await BenchAnalytics.median(21) { _ = try await fetch(path) }
        }
        let dashboard = try await time("/")
        let activity = try await time("/activities/\(activityID.uuidString)")
        let list = try await time("/activities")
        let plans = try await time("/plans")
        return Result(dashboardMilliseconds: dashboard, activityMilliseconds: activity, listMilliseconds: list, plansMilliseconds: plans,
                      dashboardBytes: (sizes["/"] ?? 0) + assets,
                      activityBytes: (sizes["/activities/\(activityID.uuidString)"] ?? 0) + assets)
    }
}

import AthletIQ
import AthletIQCore
import Foundation
import StravaSimulator

/// `athletiq-bench Tests/Fixtures strava-day`: 50 athletes, 20,000 activities to enrich, one day
/// under Strava's default limits, against the simulator on a jumping clock.
enum StravaDay {
    static func run() async throws {
        let midnight = Date(timeIntervalSince1970: 1_796_169_600)   // a Tuesday, 00:00 UTC
        let clock = ManualClock(midnight)
        let plan = BenchStravaDay.Plan()
        let perAthlete = 20_000 / plan.users
        let (result, stats, configuration) = try await withSimulator(clock: clock, populate: { simulator in
            for index in 0..<plan.users {
                let athlete = Int64(5000 + index)
                simulator.addAthlete(id: athlete, firstname: "Athlete", lastname: "\(index)")
                // Five years of history, one 40-minute activity every 4.5 days, ending yesterday.
                simulator.addHistory(athleteID: athlete, count: perAthlete, newest: midnight.addingTimeInterval(-43_200),
                                     spacing: 4.5 * 86_400, seconds: 2400)
            }
        }) { _, strava, directory in
            try await BenchStravaDay.run(plan: plan, strava: strava, clock: clock, dataDirectory: directory, athleteID: { Int64(5000 + $0) })
        }
        try await newcomer()
        let waits = result.firstActivityWaits.sorted()
        let detailReads = stats.byPath["api/v3/activities/:id", default: 0]
        let streamReads = stats.byPath["api/v3/activities/:id/streams", default: 0]
        Benchmarks.emit([
            "measure": "strava_day", "users": plan.users, "activities": perAthlete * plan.users,
            "read_limit": configuration.readLimit.header, "read_requests": stats.readRequests,
            "received_429": stats.rateLimited, "requests_over_limit": stats.overLimit,
            "max_15min_read_usage": stats.maxShortReadUsage, "max_daily_read_usage": stats.maxDailyReadUsage,
            "summaries_known": result.activitiesKnown, "enriched": result.enriched,
            "reads_per_enriched_activity": Double(detailReads + streamReads) / Double(max(1, result.enriched)),
            "list_reads": stats.byPath["api/v3/athlete/activities", default: 0],
            "longest_first_activity_wait_minutes": (waits.last ?? 0) / 60,
            "median_first_activity_wait_minutes": (waits.isEmpty ? 0 : waits[waits.count / 2]) / 60,
            "longest_summary_wait_minutes": (result.summaryWaits.max() ?? 0) / 60,
            "enriched_per_user_min": result.enrichedPerUser.min() ?? 0, "enriched_per_user_max": result.enrichedPerUser.max() ?? 0,
            "wall_seconds": result.wallSeconds,
            "slowest_first_activities": result.slowestFirsts.map { ["connected_minute": $0.0, "waited_minutes": $0.1] },
        ])
    }

    /// Five athletes with 200 recent activities each spend the window; a newcomer connects a
    /// minute later.
    static func newcomer() async throws {
        let start = Date(timeIntervalSince1970: 1_796_205_720)   // a Tuesday, 10:02 UTC
        let clock = ManualClock(start)
        let (result, stats, configuration) = try await withSimulator(clock: clock, populate: { simulator in
            for index in 0..<6 {
                let athlete = Int64(7000 + index)
                simulator.addAthlete(id: athlete)
                simulator.addHistory(athleteID: athlete, count: index < 5 ? 200 : 40, newest: start.addingTimeInterval(-3600),
                                     spacing: 3 * 3600, seconds: 2400)
            }
        }) { simulator, strava, directory in
            try await BenchStravaNewcomer.run(strava: strava, clock: clock, dataDirectory: directory,
                                              heavyAthleteID: { Int64(7000 + $0) }, newcomerID: 7005,
                                              readsUsed: { simulator.readUsage().short })
        }
        Benchmarks.emit([
            "measure": "strava_newcomer",
            "database": ProcessInfo.processInfo.environment["BENCH_DATABASE_URL"] == nil ? "sqlite" : "postgresql", "heavy_athletes": 5, "read_limit": configuration.readLimit.header,
            "window_reads_used_before_newcomer": result.heavyReadsBeforeNewcomer,
            "newcomer_history_list_wait_seconds": result.listWaitSeconds ?? -1,
            "newcomer_first_enriched_wait_seconds": result.firstEnrichedWaitSeconds ?? -1,
            "received_429": stats.rateLimited,
        ])
    }

    /// Runs `body` against a simulator on `clock` (populated first) and a scratch data directory;
    /// returns its result with what the simulator saw.
    static func withSimulator<T>(clock: ManualClock, populate: (StravaSimulator) -> Void,
                                 _ body: (StravaSimulator, BenchStravaDay.Strava, String) async throws -> T)
        async throws -> (T, SimulatorStats, StravaSimulator.Configuration) {
        var configuration = StravaSimulator.Configuration()
        configuration.now = { clock.now() }
        let simulator = try await StravaSimulator.start(configuration)
        populate(simulator)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-bench-strava-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let strava = BenchStravaDay.Strava(apiURL: simulator.apiURL, oauthURL: simulator.oauthURL, clientID: configuration.clientID,
                                           clientSecret: configuration.clientSecret,
                                           consent: { simulator.setConsent(.init(athleteID: $0)) })
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let result = try await body(simulator, strava, directory.path)
            let stats = simulator.stats
            await simulator.shutdown()
            return (result, stats, configuration)
        } catch {
            await simulator.shutdown()
            throw error
        }
    }
}

import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Five heavy athletes connect and spend the window on their recent activities; a newcomer
/// connects a minute later. How long (simulated time, the clock jumping through waits) until the
/// newcomer's history list is there, and their latest activity enriched? Goal: 60 s and 2 minutes
/// whenever the window has budget left.
public enum BenchStravaNewcomer {
    public struct Result: Sendable {
        public var heavyReadsBeforeNewcomer = 0
        public var listWaitSeconds: Double?
        public var firstEnrichedWaitSeconds: Double?
    }

    /// `heavyAthleteID(i)` for i in 0..<5 and `newcomerID` must exist at the stand-in with history.
    public static func run(strava: BenchStravaDay.Strava, clock: ManualClock, dataDirectory: String,
                           heavyAthleteID: @Sendable (Int) -> Int64, newcomerID: Int64,
                           readsUsed: @Sendable () -> Int) async throws -> Result {
        try await BenchStravaDay.withApp(strava: strava, clock: clock, dataDirectory: dataDirectory) { app in
            let start = clock.now()
            for index in 0..<5 {
                _ = try await BenchStravaDay.connect(app: app, index: index, athleteID: heavyAthleteID(index), strava: strava)
            }
            await app.stravaWorker.runUntilIdle(until: start.addingTimeInterval(60))
            if clock.now() < start.addingTimeInterval(60) { clock.set(start.addingTimeInterval(60)) }
            var result = Result()
            result.heavyReadsBeforeNewcomer = readsUsed()
            let newcomer = try await BenchStravaDay.connect(app: app, index: 5, athleteID: newcomerID, strava: strava)
            let connected = clock.now()
            let deadline = connected.addingTimeInterval(3600)
            while clock.now() < deadline, result.firstEnrichedWaitSeconds == nil {
                let done = await app.stravaWorker.runUntilIdle(until: deadline, maximumJobs: 1)
                let theirs = try await Activity.query(on: app.db).filter(\.$user.$id == newcomer).all()
                if result.listWaitSeconds == nil, !theirs.isEmpty { result.listWaitSeconds = clock.now().timeIntervalSince(connected) }
                if theirs.contains(where: { $0.enrichedAt != nil }) { result.firstEnrichedWaitSeconds = clock.now().timeIntervalSince(connected) }
                if done == 0 { break }
            }
            await app.analysisTasks.waitForAll()
            return result
        }
    }
}

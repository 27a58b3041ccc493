import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Stored analyses (moving time, loads, zones, best efforts) made by an older version of the
/// rules are made again once after an upgrade, in the background, oldest user first. The
/// version reached is recorded in the database, so every instance knows the work is done; an
/// interrupted run starts again at the next start (analysing is idempotent).
enum AnalysisUpgrade {
    /// Raise when the analysis rules change. 2: pauses from distance, weights, moving-time rolling
    /// figures, normalized graded pace, plausible best efforts (real recordings). 3: one elevation
    /// gain per activity (the recorded total, else the computed one, in the row and the analysis).
    /// 4: duration curves (power and pace) of every activity.
    static let currentVersion = 4
    static let key = "analysis_version"

    static func runIfNeeded(_ application: Application) {
        application.analysisTasks.run {
            let database = application.db
            let logger = application.logger
            do {
                let stored = Int(try await StravaAppState.get(key, on: database) ?? "") ?? 1
                guard stored < currentVersion else { return }
                let count = try await ComputePool.run { try await reanalyzeAll(database: database, logger: logger) }
                try await StravaAppState.set(key, String(currentVersion), on: database)
                logger.notice("stored analyses brought up to date", metadata: ["activities": .stringConvertible(count),
                                                                             "version": .stringConvertible(currentVersion)])
            } catch {
                logger.error("re-analysis after the upgrade stopped; it starts again at the next start", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Analyses every activity with samples again, 200 at a time; returns how many.
    static func reanalyzeAll(database: any Database, logger: Logger) async throws -> Int {
        var done = 0
        var lastID: UUID?
        while true {
            try Task.checkCancellation()
            var query = Activity.query(on: database).filter(\.$hasSamples == true).sort(\.$id).limit(200)
            if let lastID { query = query.filter(\.$id > lastID) }
            let batch = try await query.all()
            guard let last = batch.last else { return done }
            for activity in batch {
                do {
                    _ = try await ActivityAnalysisService(database: database, userID: activity.$user.id).analyze(activity)
                    done += 1
                } catch {
                    logger.warning("re-analysis of an activity failed", metadata: ["activity_id": .string(activity.id?.uuidString ?? ""),
                                                                                   "error": "\(error)"])
                }
            }
            lastID = last.id
        }
    }
}

import Fluent
import Foundation
import SQLKit
import Vapor

/// The statistics columns of a user's activities, kept in memory between requests. A cheap
/// fingerprint query (count and latest update) tells whether the rows changed, also when another
/// instance changed them, so dashboards do not re-read thousands of rows on every view.
actor ActivityRowsCache {
    private struct Entry {
        var fingerprint: String
        var rows: [StatisticsService.Row]
        var lastUsed: Date
    }

    private var entries: [UUID: Entry] = [:]
    private let capacity = 64

    func rows(userID: UUID, database: any Database) async throws -> [StatisticsService.Row] {
        guard let sql = database as? any SQLDatabase else { return [] }
        // Exact on every request (the list's one-second memory would let a bulk delete show late).
        let key = try await ActivityListCache.readFingerprint(userID: userID, on: sql)
        if var entry = entries[userID], entry.fingerprint == key {
            entry.lastUsed = Date()
            entries[userID] = entry
            return entry.rows
        }
        let rows = try await sql.select()
            .columns(StatisticsService.rowColumns.map { SQLColumn($0) })
            .from(Activity.schema)
            .where("user_id", .equal, SQLBind(userID))
            .orderBy("start_date")
            .all()
            .map(StatisticsService.row)
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
            entries.removeValue(forKey: oldest)
        }
        entries[userID] = Entry(fingerprint: key, rows: rows, lastUsed: Date())
        return rows
    }
}

extension Application {
    private struct RowsCacheKey: StorageKey { typealias Value = ActivityRowsCache }

    var activityRowsCache: ActivityRowsCache {
        get { wired(RowsCacheKey.self) }
        set { storage[RowsCacheKey.self] = newValue }
    }
}

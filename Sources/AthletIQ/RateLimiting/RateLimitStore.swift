import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Where window counters live (a key's count per window start).
protocol RateLimitStore: Sendable {
    /// Counts one event for `key` in the window starting at `windowStart`; returns the new count.
    func hit(key: String, windowStart: Int64) async throws -> Int
    /// The count so far, without adding to it.
    func peek(key: String, windowStart: Int64) async throws -> Int
}

/// Counters in process memory: exact and free, for a single instance. Old windows are pruned as
/// the table grows.
final class MemoryRateLimitStore: RateLimitStore {
    /// A key's current window, and the one before it (for the sliding estimate).
    private struct Entry { var windowStart: Int64; var count: Int; var previousStart: Int64 = .min; var previousCount = 0 }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func hit(key: String, windowStart: Int64) async throws -> Int {
        entries.withLockedValue { entries in
            if entries.count > 100_000 {
                entries = entries.filter { $0.value.windowStart >= windowStart - 86400 }
            }
            var entry = entries[key] ?? Entry(windowStart: windowStart, count: 0)
            if entry.windowStart != windowStart {
                entry = Entry(windowStart: windowStart, count: 0, previousStart: entry.windowStart, previousCount: entry.count)
            }
            entry.count += 1
            entries[key] = entry
            return entry.count
        }
    }

    func peek(key: String, windowStart: Int64) async throws -> Int {
        entries.withLockedValue { entries in
            guard let entry = entries[key] else { return 0 }
            if entry.windowStart == windowStart { return entry.count }
            return entry.previousStart == windowStart ? entry.previousCount : 0
        }
    }
}

/// Counters in the database, shared by every instance: one atomic upsert per event.
struct DatabaseRateLimitStore: RateLimitStore {
    let database: any Database

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw RateLimitStoreError.notSQL }
            return sql
        }
    }

    func hit(key: String, windowStart: Int64) async throws -> Int {
        try await add(key: key, windowStart: windowStart, amount: 1)
    }

    /// Counts `amount` events at once; returns the new count.
    func add(key: String, windowStart: Int64, amount: Int) async throws -> Int {
        struct Row: Decodable { var count: Int64 }
        let row = try await sql.raw("""
            INSERT INTO rate_limit_counters (key, window_start, count) VALUES (\(bind: key), \(bind: windowStart), \(bind: Int64(amount)))
            ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + \(bind: Int64(amount))
            RETURNING count
            """).first(decoding: Row.self)
        if Int.random(in: 0..<1000) == 0 {
            // Now and then, forget windows older than a day.
            try await sql.raw("DELETE FROM rate_limit_counters WHERE window_start < \(bind: windowStart - 86400)").run()
        }
        return Int(row?.count ?? Int64(amount))
    }

    func peek(key: String, windowStart: Int64) async throws -> Int {
        struct Row: Decodable { var count: Int64 }
        let row = try await sql.raw("""
            SELECT count FROM rate_limit_counters WHERE key = \(bind: key) AND window_start = \(bind: windowStart)
            """).first(decoding: Row.self)
        return Int(row?.count ?? 0)
    }
}

enum RateLimitStoreError: Error {
    case notSQL
}

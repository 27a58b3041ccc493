import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Counters counted in memory and added to the shared database counter at most once a second
/// per key: every instance knows the others' counts to within a second, for one write per key
/// and second instead of one per request. For the per-user API limit, where a second's
/// overshoot does not matter; login and sign-up limits stay exact (`DatabaseRateLimitStore`).
struct SyncedRateLimitStore: RateLimitStore {
    /// What an instance counted: one per process, shared by its requests.
    final class Counters: Sendable {
        fileprivate let entries = NIOLockedValueBox<[String: Entry]>([:])
        let interval: TimeInterval

        init(interval: TimeInterval = 1) { self.interval = interval }
    }

    fileprivate struct Entry {
        var windowStart: Int64
        /// The shared count at the last synchronisation (our flushed events included).
        var shared = 0
        /// Our events not yet in the shared count.
        var pending = 0
        var syncedAt = Date.distantPast
        var syncing = false
        /// The window before, as last known here (for the sliding estimate).
        var previousStart: Int64 = .min
        var previousCount = 0
    }

    let counters: Counters
    let database: any Database

    private var entries: NIOLockedValueBox<[String: Entry]> { counters.entries }
    private var interval: TimeInterval { counters.interval }

    func hit(key: String, windowStart: Int64) async throws -> Int {
        let now = Date()
        let (estimate, flush) = entries.withLockedValue { entries -> (Int, Int?) in
            if entries.count > 100_000 { entries = entries.filter { $0.value.windowStart >= windowStart - 86_400 } }
            var entry = entries[key] ?? Entry(windowStart: windowStart)
            if entry.windowStart != windowStart {
                entry = Entry(windowStart: windowStart, previousStart: entry.windowStart, previousCount: entry.shared + entry.pending)
            }
            entry.pending += 1
            var flush: Int?
            // The first event of a window, then once per interval, goes to the database.
            if !entry.syncing && now.timeIntervalSince(entry.syncedAt) >= interval {
                flush = entry.pending
                entry.pending = 0
                entry.syncing = true
            }
            entries[key] = entry
            return (entry.shared + entry.pending + (flush ?? 0), flush)
        }
        guard let flush else { return estimate }
        do {
            let shared = try await DatabaseRateLimitStore(database: database).add(key: key, windowStart: windowStart, amount: flush)
            return entries.withLockedValue { entries in
                guard var entry = entries[key], entry.windowStart == windowStart else { return shared }
                entry.shared = shared
                entry.syncedAt = now
                entry.syncing = false
                entries[key] = entry
                return shared + entry.pending
            }
        } catch {
            // Not lost: counted again at the next synchronisation.
            entries.withLockedValue { entries in
                guard var entry = entries[key], entry.windowStart == windowStart else { return }
                entry.pending += flush
                entry.syncing = false
                entries[key] = entry
            }
            throw error
        }
    }

    func peek(key: String, windowStart: Int64) async throws -> Int {
        entries.withLockedValue { entries in
            guard let entry = entries[key] else { return 0 }
            if entry.windowStart == windowStart { return entry.shared + entry.pending }
            return entry.previousStart == windowStart ? entry.previousCount : 0
        }
    }
}

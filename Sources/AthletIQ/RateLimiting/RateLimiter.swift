import Fluent
import Foundation
import Vapor

/// The outcome of counting one event against a limit, with what the `RateLimit-*` headers say.
struct RateLimitDecision: Sendable {
    var allowed: Bool
    var limit: Int
    var remaining: Int
    /// Seconds until the window resets.
    var resetSeconds: Int

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: "RateLimit-Limit", value: String(limit))
        headers.replaceOrAdd(name: "RateLimit-Remaining", value: String(remaining))
        headers.replaceOrAdd(name: "RateLimit-Reset", value: String(resetSeconds))
        if !allowed { headers.replaceOrAdd(name: .retryAfter, value: String(max(1, resetSeconds))) }
        return headers
    }

    func error(_ message: String) -> APIError {
        APIError(.tooManyRequests, code: "rate_limited", message: message, headers: headers)
    }
}

/// Sliding-window rate limiting over a shared store (memory for one instance, the database for
/// several): the count of the current window plus the previous window's count weighted by how
/// much of it the sliding window still covers. (With fixed windows alone, a burst at the end of
/// one window and another at the start of the next got twice the limit.) Windows are aligned to
/// multiples of their length since the epoch.
struct RateLimiter: Sendable {
    let store: any RateLimitStore
    let enabled: Bool

    func hit(_ key: String, limit: RateLimit, now: Date = Date()) async throws -> RateLimitDecision {
        let (windowStart, reset) = Self.window(limit, now: now)
        guard enabled else { return RateLimitDecision(allowed: true, limit: limit.count, remaining: limit.count, resetSeconds: reset) }
        let count = try await store.hit(key: key, windowStart: windowStart) + (try await previous(key, limit, windowStart, reset))
        return RateLimitDecision(allowed: count <= limit.count, limit: limit.count,
                                 remaining: max(0, limit.count - count), resetSeconds: reset)
    }

    /// Whether one more event would still be allowed, without counting it.
    func peek(_ key: String, limit: RateLimit, now: Date = Date()) async throws -> RateLimitDecision {
        let (windowStart, reset) = Self.window(limit, now: now)
        guard enabled else { return RateLimitDecision(allowed: true, limit: limit.count, remaining: limit.count, resetSeconds: reset) }
        let count = try await store.peek(key: key, windowStart: windowStart) + (try await previous(key, limit, windowStart, reset))
        return RateLimitDecision(allowed: count < limit.count, limit: limit.count,
                                 remaining: max(0, limit.count - count), resetSeconds: reset)
    }

    /// The previous window's events still inside the sliding window: its count times the share
    /// of the window yet to run.
    private func previous(_ key: String, _ limit: RateLimit, _ windowStart: Int64, _ reset: Int) async throws -> Int {
        let seconds = max(1, limit.seconds)
        let earlier = try await store.peek(key: key, windowStart: windowStart - Int64(seconds))
        return earlier == 0 ? 0 : Int((Double(earlier) * Double(reset) / Double(seconds)).rounded())
    }

    static func window(_ limit: RateLimit, now: Date) -> (start: Int64, resetSeconds: Int) {
        let seconds = Int64(max(1, limit.seconds))
        let epoch = Int64(now.timeIntervalSince1970.rounded(.down))
        let start = epoch - epoch % seconds
        return (start, Int(start + seconds - epoch))
    }
}

enum RateLimiting {
    /// Creates the in-memory store once, before requests run concurrently.
    static func configure(_ app: Application) {
        app.storage[MemoryStoreKey.self] = MemoryRateLimitStore()
        app.storage[SyncedCountersKey.self] = SyncedRateLimitStore.Counters()
    }

    struct MemoryStoreKey: StorageKey { typealias Value = MemoryRateLimitStore }
    struct SyncedCountersKey: StorageKey { typealias Value = SyncedRateLimitStore.Counters }
}

extension Request {
    /// The rate limiter, on the store chosen by the settings (memory, or the database shared by
    /// every instance).
    var rateLimiter: RateLimiter {
        let settings = application.settings.rateLimits
        switch settings.store {
        case .database:
            return RateLimiter(store: DatabaseRateLimitStore(database: db), enabled: settings.enabled)
        case .memory:
            let store = application.wired(RateLimiting.MemoryStoreKey.self)
            return RateLimiter(store: store, enabled: settings.enabled)
        }
    }

    /// The limiter of everyday API use: with the database store, counted in memory and shared
    /// once a second (a database write per request would cost more than the request).
    var apiRateLimiter: RateLimiter {
        let settings = application.settings.rateLimits
        guard settings.store == .database, let counters = application.storage[RateLimiting.SyncedCountersKey.self] else { return rateLimiter }
        return RateLimiter(store: SyncedRateLimitStore(counters: counters, database: db), enabled: settings.enabled)
    }
}

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Encoded pages of the activity list, kept while the user's activities do not change. A
/// fingerprint (count and latest update, one indexed query) tells whether they did, also when
/// another instance changed them; a page is only served from memory when it still matches.
final class ActivityListCache: Sendable {
    private struct Entry {
        var fingerprint: String
        var body: Data
        var lastUsed: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    /// Fingerprints read in the last second, per user: a burst of requests asks the database once.
    /// A change made through this process forgets them at once; another instance's change shows
    /// within the second.
    private let fingerprints = NIOLockedValueBox<[UUID: (value: String, readAt: Date)]>([:])
    static let fingerprintLifetime: TimeInterval = 1
    static let capacity = 512
    /// Pages larger than this are not kept (a 200-item page is about 150 kB).
    static let maxBytes = 256 << 10

    /// Bumped by every change this process makes: a read that started before it is not kept.
    private let generation = NIOLockedValueBox<UInt64>(0)
    private let reads = SingleFlight<ReadKey, String>()
    private struct ReadKey: Hashable, Sendable { var userID: UUID; var generation: UInt64 }

    func fingerprint(userID: UUID, on sql: any SQLDatabase, now: Date = Date()) async throws -> String {
        if let known = fingerprints.withLockedValue({ $0[userID] }), now.timeIntervalSince(known.readAt) < Self.fingerprintLifetime,
           now >= known.readAt {
            return known.value
        }
        let started = generation.withLockedValue { $0 }
        return try await reads.run(ReadKey(userID: userID, generation: started)) { [self] in
            let value = try await Self.readFingerprint(userID: userID, on: sql)
            generation.withLockedValue { current in
                guard current == started else { return }
                fingerprints.withLockedValue { fingerprints in
                    if fingerprints.count > 10_000 { fingerprints.removeAll() }
                    fingerprints[userID] = (value, now)
                }
            }
            return value
        }
    }

    /// The user's activity count and latest update, straight from the database (answered from
    /// the `activities_user_updated_idx` index alone).
    static func readFingerprint(userID: UUID, on sql: any SQLDatabase) async throws -> String {
        struct Row: Decodable { var count: Int; var latest: Date? }
        let row = try await sql.raw("""
            SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM activities WHERE user_id = \(bind: userID)
            """).first(decoding: Row.self)
        return "\(row?.count ?? 0)/\(row?.latest?.timeIntervalSince1970 ?? 0)"
    }

    /// This process changed the user's activities.
    func forget(userID: UUID) {
        generation.withLockedValue { current in
            current &+= 1
            _ = fingerprints.withLockedValue { $0.removeValue(forKey: userID) }
        }
    }

    func body(for key: String, fingerprint: String) -> Data? {
        entries.withLockedValue { entries in
            guard var entry = entries[key], entry.fingerprint == fingerprint else { return nil }
            entry.lastUsed = Date()
            entries[key] = entry
            return entry.body
        }
    }

    func store(_ body: Data, for key: String, fingerprint: String) {
        guard body.count <= Self.maxBytes else { return }
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                entries.removeValue(forKey: oldest)
            }
            entries[key] = Entry(fingerprint: fingerprint, body: body, lastUsed: Date())
        }
    }
}

extension Application {
    private struct ActivityListCacheKey: StorageKey { typealias Value = ActivityListCache }

    var activityListCache: ActivityListCache {
        get { wired(ActivityListCacheKey.self) }
        set { storage[ActivityListCacheKey.self] = newValue }
    }
}

/// Activities saved or deleted through the models: their owner's list fingerprint is read again.
struct ActivityListInvalidation: AsyncModelMiddleware {
    let cache: ActivityListCache

    func create(model: Activity, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        cache.forget(userID: model.$user.id)
    }

    func update(model: Activity, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        cache.forget(userID: model.$user.id)
    }

    func delete(model: Activity, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        cache.forget(userID: model.$user.id)
    }
}

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
    static let capacity = 512
    /// Pages larger than this are not kept (a 200-item page is about 150 kB).
    static let maxBytes = 256 << 10

    static func fingerprint(userID: UUID, on sql: any SQLDatabase) async throws -> String {
        struct Row: Decodable { var count: Int; var latest: Date? }
        let row = try await sql.raw("""
            SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM activities WHERE user_id = \(bind: userID)
            """).first(decoding: Row.self)
        return "\(row?.count ?? 0)/\(row?.latest?.timeIntervalSince1970 ?? 0)"
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
        get { storage[ActivityListCacheKey.self] ?? ActivityListCache() }
        set { storage[ActivityListCacheKey.self] = newValue }
    }
}

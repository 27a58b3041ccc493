import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Recently checked sessions, so a burst of requests does not ask the database about the same
/// session each time. An entry lives a few seconds; revocations and account changes made by this
/// process forget it at once (another instance sees them within the lifetime). The access token
/// itself is verified on every request.
final class SessionCache: Sendable {
    struct Snapshot: Sendable {
        var userID: UUID
        var email: String
        var fullName: String
        var passwordHash: String?
        var googleSubject: String?
        var locale: String?
        var theme: String?
        var timeZone: String?
        var createdAt: Date?
        var updatedAt: Date?

        func user() -> User {
            let user = User(id: userID, email: email, fullName: fullName, passwordHash: passwordHash)
            user.googleSubject = googleSubject
            user.locale = locale
            user.theme = theme
            user.timeZone = timeZone
            user.createdAt = createdAt
            user.updatedAt = updatedAt
            user.$id.exists = true
            return user
        }
    }

    static let lifetime: TimeInterval = 5
    static let capacity = 10_000
    private let entries = NIOLockedValueBox<[UUID: (snapshot: Snapshot, checkedAt: Date)]>([:])
    /// Access tokens whose signature was already checked: what they say, until they expire.
    private let tokens = NIOLockedValueBox<[String: (userID: UUID, sessionID: UUID, expires: Date)]>([:])

    func verified(_ token: String, now: Date) -> (userID: UUID, sessionID: UUID)? {
        tokens.withLockedValue { tokens in
            guard let known = tokens[token], known.expires > now else { return nil }
            return (known.userID, known.sessionID)
        }
    }

    func remember(_ token: String, userID: UUID, sessionID: UUID, expires: Date) {
        tokens.withLockedValue { tokens in
            if tokens.count >= Self.capacity { tokens.removeAll() }
            tokens[token] = (userID, sessionID, expires)
        }
    }

    func lookup(sessionID: UUID, userID: UUID, now: Date) -> Snapshot? {
        entries.withLockedValue { entries in
            guard let entry = entries[sessionID], entry.snapshot.userID == userID,
                  now.timeIntervalSince(entry.checkedAt) < Self.lifetime, now >= entry.checkedAt else { return nil }
            return entry.snapshot
        }
    }

    /// Bumped by every forget: a read that started before it is not kept.
    private let generation = NIOLockedValueBox<UInt64>(0)
    private let reads = SingleFlight<ReadKey, Snapshot>()
    private struct ReadKey: Hashable, Sendable { var sessionID: UUID; var generation: UInt64 }

    /// Reads a session not in memory; concurrent requests of the same session share the read, and
    /// its result is kept unless something was forgotten meanwhile.
    func read(sessionID: UUID, now: Date, _ work: @escaping @Sendable () async throws -> Snapshot) async throws -> Snapshot {
        let started = generation.withLockedValue { $0 }
        return try await reads.run(ReadKey(sessionID: sessionID, generation: started)) { [self] in
            let snapshot = try await work()
            generation.withLockedValue { current in
                if current == started { store(snapshot, sessionID: sessionID, now: now) }
            }
            return snapshot
        }
    }

    func store(_ snapshot: Snapshot, sessionID: UUID, now: Date) {
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { now.timeIntervalSince($0.value.checkedAt) < Self.lifetime }
                if entries.count >= Self.capacity { entries.removeAll() }
            }
            entries[sessionID] = (snapshot, now)
        }
    }

    func forget(sessionID: UUID) {
        generation.withLockedValue { current in
            current &+= 1
            _ = entries.withLockedValue { $0.removeValue(forKey: sessionID) }
        }
    }

    func forget(userID: UUID) {
        generation.withLockedValue { current in
            current &+= 1
            entries.withLockedValue { entries in entries = entries.filter { $0.value.snapshot.userID != userID } }
        }
    }
}

/// Any change to a user or a session saved through the models empties what the cache knows of it.
struct SessionCacheInvalidation<M: Model>: AsyncModelMiddleware {
    let cache: SessionCache
    let userID: @Sendable (M) -> UUID?

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        if let id = userID(model) { cache.forget(userID: id) }
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        if let id = userID(model) { cache.forget(userID: id) }
    }
}

extension Application {
    private struct SessionCacheKey: StorageKey { typealias Value = SessionCache }

    var sessionCache: SessionCache {
        get { wired(SessionCacheKey.self) }
        set { storage[SessionCacheKey.self] = newValue }
    }
}

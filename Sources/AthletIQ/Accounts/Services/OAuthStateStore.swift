import Fluent
import Foundation
import SQLKit

/// Pending OAuth sign-ins and connections: created when the user leaves for the provider,
/// consumed exactly once when they come back.
struct OAuthStateStore {
    let database: any Database
    /// How long the user has to finish at the provider.
    static let lifetime: TimeInterval = 600

    struct Started {
        var state: String
        var codeVerifier: String
        var nonce: String
    }

    /// `binding` (e.g. the session id) replaces the random nonce, for flows that tie the state
    /// to a session rather than to an ID token.
    func start(provider: String, userID: UUID?, returnTo: String?, binding: String? = nil, now: Date = Date()) async throws -> Started {
        let started = Started(state: SecureToken.generate(), codeVerifier: SecureToken.generate(),
                              nonce: binding ?? SecureToken.generate(bytes: 16))
        let row = OAuthState()
        row.stateHash = SecureToken.hash(started.state)
        row.provider = provider
        row.codeVerifier = started.codeVerifier
        row.nonce = started.nonce
        row.$user.id = userID
        row.returnTo = returnTo
        row.expiresAt = now.addingTimeInterval(Self.lifetime)
        try await row.create(on: database)
        // Forget abandoned attempts.
        try await OAuthState.query(on: database).filter(\.$expiresAt < now).delete()
        return started
    }

    /// The pending state for `rawState`, removed so it can never be used again; nil when unknown,
    /// already used, expired or for another provider.
    func consume(_ rawState: String, provider: String, now: Date = Date()) async throws -> OAuthState? {
        let hash = SecureToken.hash(rawState)
        guard let row = try await OAuthState.query(on: database).filter(\.$stateHash == hash).first(),
              let sql = database as? any SQLDatabase else { return nil }
        struct Deleted: Decodable { var id: UUID }
        let deleted = try await sql.delete(from: OAuthState.schema)
            .where("id", .equal, SQLBind(try row.requireID()))
            .returning("id")
            .all(decoding: Deleted.self)
        guard !deleted.isEmpty, row.provider == provider, row.expiresAt > now else { return nil }
        return row
    }
}

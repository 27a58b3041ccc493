import Fluent
import Foundation

/// A refresh token, stored only as its SHA-256 hash. Each use rotates it: the old row is marked
/// and kept, so a second use of it reveals theft and revokes the whole session.
final class RefreshToken: Model, @unchecked Sendable {
    static let schema = "refresh_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "session_id") var session: AuthSession
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "rotated_at") var rotatedAt: Date?

    init() {}

    init(sessionID: UUID, tokenHash: String) {
        self.$session.id = sessionID
        self.tokenHash = tokenHash
    }
}

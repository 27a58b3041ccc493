import Fluent
import Foundation

/// One signed-in device: the family of refresh tokens issued from one login. Revoking it ends
/// every token of the family.
final class AuthSession: Model, @unchecked Sendable {
    static let schema = "auth_sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// A short description of the client (browser and system from the User-Agent).
    @Field(key: "device") var device: String
    @Field(key: "ip") var ip: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_reason") var revokedReason: String?

    init() {}

    init(userID: UUID, device: String, ip: String, now: Date, expiresAt: Date) {
        self.$user.id = userID
        self.device = device
        self.ip = ip
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }

    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && expiresAt > now
    }
}

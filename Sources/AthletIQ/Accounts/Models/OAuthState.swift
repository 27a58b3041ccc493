import Fluent
import Foundation

/// A pending OAuth/OpenID sign-in: what the callback needs to finish it. Used once (deleted when
/// the callback consumes it) and short-lived, so a replayed `state` finds nothing.
final class OAuthState: Model, @unchecked Sendable {
    static let schema = "oauth_states"

    @ID(key: .id) var id: UUID?
    @Field(key: "state_hash") var stateHash: String
    /// `google`, `strava`, `google_calendar`.
    @Field(key: "provider") var provider: String
    @OptionalField(key: "code_verifier") var codeVerifier: String?
    @OptionalField(key: "nonce") var nonce: String?
    /// Set when a signed-in user links an account (rather than signing in).
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "return_to") var returnTo: String?
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

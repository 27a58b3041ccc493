import Crypto
import Foundation

/// Strava signs nothing it posts, so the address it posts to is the credential: the webhook
/// callback ends in a secret segment derived from the instance's encryption key
/// (`/api/v1/webhooks/strava/<secret>`). The bare path answers 404. Segments derived from the old
/// keys (`ENCRYPTION_KEYS_OLD`) are still accepted, so a key rotation does not drop events before
/// the subscription is renewed.
enum StravaWebhookPath {
    static let base = "/api/v1/webhooks/strava"

    /// The secret segment of the current key (and of each old one).
    static func secrets(keys: [Data]) -> [String] {
        keys.map { key in
            let mac = HMAC<SHA256>.authenticationCode(for: Data("athletiq strava webhook callback".utf8), using: SymmetricKey(data: key))
            return Data(mac).prefix(20).map { String(format: "%02x", $0) }.joined()
        }
    }

    static func isValid(_ segment: String, keys: [Data]) -> Bool {
        var valid = false
        for secret in secrets(keys: keys) where SecureToken.constantTimeEquals(segment, secret) { valid = true }
        return valid
    }

    /// The address to register with Strava: `base` (by default PUBLIC_URL + /api/v1/webhooks/strava)
    /// followed by the secret segment of the current key.
    static func callbackURL(base: String, keys: [Data]) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed + "/" + (secrets(keys: keys).first ?? "")
    }
}

import Crypto
import Foundation

/// Encrypts third-party tokens (Strava, Google) at rest with AES-256-GCM under `ENCRYPTION_KEY`.
/// A sealed value names its key (`v1.<key id>.<nonce+ciphertext+tag>`), so old keys listed in
/// `ENCRYPTION_KEYS_OLD` still open older values and a rotation can re-seal them.
struct TokenCipher: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let keys: [(id: String, key: SymmetricKey)]

    init(keys: [Data]) {
        self.keys = keys.map { (Self.identifier(of: $0), SymmetricKey(data: $0)) }
    }

    func seal(_ plaintext: String) throws -> String {
        guard let current = keys.first else { throw Failure(description: "no encryption key is configured") }
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.key)
        guard let combined = box.combined else { throw Failure(description: "sealing failed") }
        return "v1.\(current.id).\(combined.base64URLEncoded)"
    }

    func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let data = Data(base64URLEncoded: String(parts[2])) else {
            throw Failure(description: "not a sealed value")
        }
        guard let key = keys.first(where: { $0.id == parts[1] })?.key else {
            throw Failure(description: "sealed with a key that is no longer configured")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw Failure(description: "the sealed value was altered or the key is wrong")
        }
    }

    /// Whether a value was sealed with an older key and should be sealed again.
    func isStale(_ sealed: String) -> Bool {
        guard let current = keys.first else { return false }
        return !sealed.hasPrefix("v1.\(current.id).")
    }

    private static func identifier(of key: Data) -> String {
        SHA256.hash(data: key).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}

import Crypto
import Foundation
import JWT
import Vapor

/// The parts of an OpenID provider's discovery document that sign-in needs.
struct OIDCProviderMetadata: Codable, Sendable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var jwksUri: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksUri = "jwks_uri"
    }
}

/// The claims of an ID token that we read.
struct IDTokenClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nonce: String?
    var email: String?
    var emailVerified: FlexibleBool?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, email, name
        case emailVerified = "email_verified"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// A boolean that some providers send as `"true"`.
struct FlexibleBool: Codable, Sendable {
    var value: Bool

    init(value: Bool) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) { value = bool }
        else { value = (try? container.decode(String.self))?.lowercased() == "true" }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a sign-in with the provider failed; the code ends up in the redirect to the login page.
struct OIDCError: Error, CustomStringConvertible {
    var code: String
    var description: String
}

/// Talks to an OpenID Connect provider: discovery, the token endpoint, and ID token verification
/// against the provider's published keys (cached, refreshed when an unknown key appears).
struct OIDCClient {
    let discoveryURL: String
    let clientID: String
    let clientSecret: String
    let client: any Client
    let cache: OIDCCache
    let logger: Logger

    func metadata() async throws -> OIDCProviderMetadata {
        if let cached = await cache.metadata(for: discoveryURL) { return cached }
        let response = try await fetch(URI(string: discoveryURL))
        guard response.status == .ok, let metadata = try? response.content.decode(OIDCProviderMetadata.self, using: JSONDecoder()) else {
            throw OIDCError(code: "provider_unavailable", description: "discovery document unusable (status \(response.status.code))")
        }
        await cache.store(metadata: metadata, for: discoveryURL)
        return metadata
    }

    /// Exchanges an authorization code (with its PKCE verifier) for the ID token.
    func exchange(code: String, verifier: String, redirectURI: String) async throws -> String {
        struct Form: Content {
            var grant_type = "authorization_code"
            var code: String
            var redirect_uri: String
            var client_id: String
            var client_secret: String
            var code_verifier: String
        }
        struct Tokens: Decodable { var id_token: String? }
        let metadata = try await metadata()
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: metadata.tokenEndpoint)) { request in
                try request.content.encode(Form(code: code, redirect_uri: redirectURI, client_id: clientID,
                                                client_secret: clientSecret, code_verifier: verifier), as: .urlEncodedForm)
            }
        } catch {
            throw OIDCError(code: "provider_unavailable", description: "token endpoint unreachable: \(error)")
        }
        guard response.status == .ok, let tokens = try? response.content.decode(Tokens.self, using: JSONDecoder()),
              let idToken = tokens.id_token else {
            throw OIDCError(code: "code_rejected", description: "token endpoint answered \(response.status.code)")
        }
        return idToken
    }

    /// Verifies signature, issuer, audience, expiry, issue time and nonce of an ID token.
    func verify(idToken: String, nonce: String, now: Date = Date()) async throws -> IDTokenClaims {
        let metadata = try await metadata()
        var claims: IDTokenClaims
        do {
            claims = try await keys(metadata, refresh: false).verify(idToken, as: IDTokenClaims.self)
        } catch {
            // The provider may have rotated its keys: fetch them once more and retry.
            do {
                claims = try await keys(metadata, refresh: true).verify(idToken, as: IDTokenClaims.self)
            } catch {
                throw OIDCError(code: "invalid_token", description: "ID token signature or expiry invalid: \(error)")
            }
        }
        let issuers = [metadata.issuer, metadata.issuer.replacingOccurrences(of: "https://", with: "")]
        guard issuers.contains(claims.iss.value) else {
            throw OIDCError(code: "invalid_token", description: "unexpected issuer \(claims.iss.value)")
        }
        guard claims.aud.value.contains(clientID) else {
            throw OIDCError(code: "invalid_token", description: "ID token is for another client")
        }
        guard claims.iat.value <= now.addingTimeInterval(300) else {
            throw OIDCError(code: "invalid_token", description: "ID token issued in the future")
        }
        guard let tokenNonce = claims.nonce, SecureToken.constantTimeEquals(tokenNonce, nonce) else {
            throw OIDCError(code: "invalid_token", description: "nonce mismatch")
        }
        return claims
    }

    private func keys(_ metadata: OIDCProviderMetadata, refresh: Bool) async throws -> JWTKeyCollection {
        if !refresh, let cached = await cache.keys(for: metadata.jwksUri) { return cached }
        let response = try await fetch(URI(string: metadata.jwksUri))
        guard response.status == .ok, let body = response.body else {
            throw OIDCError(code: "provider_unavailable", description: "JWKS unavailable (status \(response.status.code))")
        }
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: String(buffer: body))
        await cache.store(keys: keys, for: metadata.jwksUri)
        return keys
    }

    private func fetch(_ uri: URI) async throws -> ClientResponse {
        do {
            return try await client.get(uri)
        } catch {
            throw OIDCError(code: "provider_unavailable", description: "\(uri) unreachable: \(error)")
        }
    }

    static func pkceChallenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }
}

/// Discovery documents and key sets, kept for an hour.
actor OIDCCache {
    private var documents: [String: (OIDCProviderMetadata, Date)] = [:]
    private var keySets: [String: (JWTKeyCollection, Date)] = [:]
    private let lifetime: TimeInterval = 3600

    func metadata(for url: String) -> OIDCProviderMetadata? {
        guard let (value, stored) = documents[url], Date().timeIntervalSince(stored) < lifetime else { return nil }
        return value
    }

    func store(metadata: OIDCProviderMetadata, for url: String) { documents[url] = (metadata, Date()) }

    func keys(for url: String) -> JWTKeyCollection? {
        guard let (value, stored) = keySets[url], Date().timeIntervalSince(stored) < lifetime else { return nil }
        return value
    }

    func store(keys: JWTKeyCollection, for url: String) { keySets[url] = (keys, Date()) }
}

extension Application {
    private struct OIDCCacheKey: StorageKey { typealias Value = OIDCCache }

    var oidcCache: OIDCCache {
        get { wired(OIDCCacheKey.self) }
        set { storage[OIDCCacheKey.self] = newValue }
    }
}

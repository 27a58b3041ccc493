@testable import AthletIQ
import Crypto
import Foundation
import JWT
import NIOConcurrencyHelpers
import Vapor

/// A local OpenID Connect provider over real HTTP, standing in for Google: discovery, JWKS,
/// authorize (consent granted at once), and a token endpoint that checks the client, the code and
/// the PKCE verifier and returns an RS256-signed ID token. Knobs make it misbehave on purpose.
final class FakeOIDCProvider: Sendable {
    enum Tamper: Sendable { case none, foreignKey, wrongAudience, expired, wrongIssuer, wrongNonce }

    struct Identity: Sendable {
        var subject = "google-subject-1"
        var email = "sam@example.org"
        var emailVerified = true
        var name = "Sam Trail"
    }

    struct PendingCode: Sendable { var redirectURI: String; var challenge: String; var nonce: String }

    let app: Application
    let clientID: String
    let clientSecret: String
    private let base = NIOLockedValueBox("")
    var baseURL: String { base.withLockedValue { $0 } }
    private let state = NIOLockedValueBox<(identity: Identity, tamper: Tamper, codes: [String: PendingCode], tokenRequests: Int)>(
        (Identity(), .none, [:], 0))

    var discoveryURL: String { baseURL + "/.well-known/openid-configuration" }
    var tokenRequests: Int { state.withLockedValue { $0.tokenRequests } }

    func set(identity: Identity) { state.withLockedValue { $0.identity = identity } }
    func set(tamper: Tamper) { state.withLockedValue { $0.tamper = tamper } }

    private init(app: Application, clientID: String, clientSecret: String) {
        self.app = app
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    static func start(clientID: String = "athletiq-test-client", clientSecret: String = "test-client-secret") async throws -> FakeOIDCProvider {
        let app = try await Application.make(.testing)
        let provider = FakeOIDCProvider(app: app, clientID: clientID, clientSecret: clientSecret)
        try await provider.routes()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
        provider.base.withLockedValue { $0 = "http://127.0.0.1:\(port)" }
        return provider
    }

    func shutdown() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    private func routes() async throws {
        let signing = try Insecure.RSA.PrivateKey(pem: TestKeys.providerRSA)
        let primitives = try signing.publicKey.getKeyPrimitives()
        let jwks = """
            {"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":"\(primitives.modulus.base64URLEncoded)","e":"\(primitives.publicExponent.base64URLEncoded)"}]}
            """
        let genuine = JWTKeyCollection()
        await genuine.add(rsa: signing, digestAlgorithm: .sha256, kid: "k1")
        let forger = JWTKeyCollection()
        await forger.add(rsa: try Insecure.RSA.PrivateKey(pem: TestKeys.forgerRSA), digestAlgorithm: .sha256, kid: "k1")

        app.get(".well-known", "openid-configuration") { [self] _ -> Response in
            let base = baseURL
            let body = """
                {"issuer":"\(base)","authorization_endpoint":"\(base)/authorize","token_endpoint":"\(base)/token","jwks_uri":"\(base)/jwks","response_types_supported":["code"],"id_token_signing_alg_values_supported":["RS256"]}
                """
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        app.get("jwks") { _ in Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: jwks)) }
        app.get("authorize") { [self] request -> Response in
            let query = try request.query.decode([String: String].self)
            guard query["client_id"] == clientID, query["response_type"] == "code", query["code_challenge_method"] == "S256",
                  let redirect = query["redirect_uri"], let challenge = query["code_challenge"], let nonce = query["nonce"],
                  let stateValue = query["state"], query["scope"]?.contains("openid") == true else {
                return Response(status: .badRequest, body: .init(string: "invalid_request"))
            }
            let code = UUID().uuidString
            state.withLockedValue { $0.codes[code] = PendingCode(redirectURI: redirect, challenge: challenge, nonce: nonce) }
            var components = URLComponents(string: redirect)
            components?.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: stateValue)]
            return Response(status: .found, headers: ["Location": components?.string ?? redirect])
        }
        app.post("token") { [self] request -> Response in
            let form = try request.content.decode([String: String].self)
            let (pending, identity, tamper) = state.withLockedValue { state -> (PendingCode?, Identity, Tamper) in
                state.tokenRequests += 1
                let pending = form["code"].flatMap { state.codes.removeValue(forKey: $0) }
                return (pending, state.identity, state.tamper)
            }
            guard form["grant_type"] == "authorization_code", form["client_id"] == clientID, form["client_secret"] == clientSecret,
                  let pending, form["redirect_uri"] == pending.redirectURI, let verifier = form["code_verifier"],
                  Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded == pending.challenge else {
                return Response(status: .badRequest, headers: ["Content-Type": "application/json"], body: .init(string: #"{"error":"invalid_grant"}"#))
            }
            let now = Date()
            let base = baseURL
            let claims = IDTokenClaims(
                iss: .init(value: tamper == .wrongIssuer ? "https://evil.example.com" : base),
                sub: .init(value: identity.subject),
                aud: .init(value: [tamper == .wrongAudience ? "someone-else" : clientID]),
                exp: .init(value: tamper == .expired ? now.addingTimeInterval(-60) : now.addingTimeInterval(3600)),
                iat: .init(value: now.addingTimeInterval(-5)),
                nonce: tamper == .wrongNonce ? "not-the-nonce" : pending.nonce,
                email: identity.email, emailVerified: FlexibleBool(value: identity.emailVerified), name: identity.name)
            let token = try await (tamper == .foreignKey ? forger : genuine).sign(claims, kid: "k1")
            let body = #"{"access_token":"ya29.test","token_type":"Bearer","expires_in":3599,"id_token":"\#(token)"}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
    }
}

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

    struct PendingCode: Sendable { var redirectURI: String; var challenge: String; var nonce: String; var scope: String }

    /// Google Calendar's side: tokens, calendars and their events.
    struct CalendarState: Sendable {
        var accessTokens: [String: Date] = [:]
        var refreshTokens: Set<String> = []
        var refreshes = 0
        var calendars: [String: String] = ["primary": "Sam Trail", "club@group.calendar.google.com": "Club"]
        var events: [String: [String: GoogleCalendarClient.Event]] = [:]
        var tokenLifetime: TimeInterval = 3600
    }
    let calendar = NIOLockedValueBox(CalendarState())
    var calendarAPIURL: String { baseURL + "/calendar/v3" }

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
        registerCalendar()
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
            state.withLockedValue { $0.codes[code] = PendingCode(redirectURI: redirect, challenge: challenge, nonce: nonce, scope: query["scope"] ?? "") }
            var components = URLComponents(string: redirect)
            components?.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: stateValue)]
            return Response(status: .found, headers: ["Location": components?.string ?? redirect])
        }
        app.post("token") { [self] request -> Response in
            let form = try request.content.decode([String: String].self)
            if form["grant_type"] == "refresh_token" {
                guard form["client_id"] == clientID, form["client_secret"] == clientSecret, let refresh = form["refresh_token"],
                      let access = calendar.withLockedValue({ state -> String? in
                          guard state.refreshTokens.contains(refresh) else { return nil }
                          state.refreshes += 1
                          let token = "ya29." + UUID().uuidString
                          state.accessTokens[token] = Date().addingTimeInterval(state.tokenLifetime)
                          return token
                      }) else {
                    return Response(status: .badRequest, headers: ["Content-Type": "application/json"], body: .init(string: #"{"error":"invalid_grant"}"#))
                }
                let body = #"{"access_token":"\#(access)","token_type":"Bearer","expires_in":3599,"scope":"https://www.googleapis.com/auth/calendar"}"#
                return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
            }
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
            let (access, refresh) = calendar.withLockedValue { state -> (String, String) in
                let access = "ya29." + UUID().uuidString, refresh = "1//" + UUID().uuidString
                state.accessTokens[access] = Date().addingTimeInterval(state.tokenLifetime)
                state.refreshTokens.insert(refresh)
                return (access, refresh)
            }
            let scope = pending.scope.replacingOccurrences(of: "\"", with: "")
            let body = #"{"access_token":"\#(access)","refresh_token":"\#(refresh)","scope":"\#(scope)","token_type":"Bearer","expires_in":3599,"id_token":"\#(token)"}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
    }

    // MARK: - Calendar API v3

    private func authorized(_ request: Request) -> Bool {
        guard let token = request.headers.bearerAuthorization?.token else { return false }
        return calendar.withLockedValue { ($0.accessTokens[token] ?? .distantPast) > Date() }
    }

    private static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) -> Response {
        let encoder = JSONEncoder()
        let data = (try? encoder.encode(value)) ?? Data()
        return Response(status: status, headers: ["Content-Type": "application/json"], body: .init(data: data))
    }

    private static func error(_ status: HTTPResponseStatus, _ reason: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"],
                 body: .init(string: #"{"error":{"code":\#(status.code),"message":"\#(reason)"}}"#))
    }

    /// Google's rule for client-chosen event ids: base32hex, 5 to 1024 characters.
    static func validEventID(_ id: String) -> Bool {
        (5...1024).contains(id.count) && id.allSatisfy { ("a"..."v").contains($0) || ("0"..."9").contains($0) }
    }

    private func registerCalendar() {
        let api = app.grouped("calendar", "v3")
        api.get("users", "me", "calendarList") { [self] request -> Response in
            guard authorized(request) else { return Self.error(.unauthorized, "Invalid Credentials") }
            struct Entry: Encodable { var id: String; var summary: String; var primary: Bool; var accessRole: String }
            struct List: Encodable { var kind = "calendar#calendarList"; var items: [Entry] }
            let items = calendar.withLockedValue { $0.calendars.map { Entry(id: $0.key, summary: $0.value, primary: $0.key == "primary", accessRole: "owner") } }
            return Self.json(List(items: items.sorted { $0.id < $1.id }))
        }
        api.get("calendars", ":calendar", "events") { [self] request -> Response in
            guard authorized(request) else { return Self.error(.unauthorized, "Invalid Credentials") }
            let id = request.parameters.get("calendar") ?? ""
            guard calendar.withLockedValue({ $0.calendars[id] != nil }) else { return Self.error(.notFound, "Not Found") }
            let query = (try? request.query.decode([String: String].self)) ?? [:]
            let formatter = ISO8601DateFormatter()
            let from = query["timeMin"].flatMap(formatter.date(from:)) ?? .distantPast
            let to = query["timeMax"].flatMap(formatter.date(from:)) ?? .distantFuture
            let size = Int(query["maxResults"] ?? "") ?? 250
            let offset = Int(query["pageToken"] ?? "") ?? 0
            func start(_ event: GoogleCalendarClient.Event) -> Date {
                if let text = event.start?.dateTime, let date = formatter.date(from: text) { return date }
                return event.start?.date.flatMap { PlanDates.date($0) } ?? .distantPast
            }
            let all = calendar.withLockedValue { ($0.events[id] ?? [:]).values.filter { start($0) >= from && start($0) < to } }
                .sorted { start($0) < start($1) }
            struct Page: Encodable { var items: [GoogleCalendarClient.Event]; var nextPageToken: String? }
            let slice = Array(all.dropFirst(offset).prefix(size))
            return Self.json(Page(items: slice, nextPageToken: offset + size < all.count ? String(offset + size) : nil))
        }
        api.post("calendars", ":calendar", "events") { [self] request -> Response in
            guard authorized(request) else { return Self.error(.unauthorized, "Invalid Credentials") }
            let id = request.parameters.get("calendar") ?? ""
            guard var event = try? request.content.decode(GoogleCalendarClient.Event.self) else { return Self.error(.badRequest, "Bad Request") }
            let eventID = event.id ?? UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            guard Self.validEventID(eventID) else { return Self.error(.badRequest, "Invalid resource id value.") }
            event.id = eventID
            let outcome = calendar.withLockedValue { state -> HTTPResponseStatus in
                guard state.calendars[id] != nil else { return .notFound }
                if state.events[id]?[eventID] != nil { return .conflict }
                state.events[id, default: [:]][eventID] = event
                return .ok
            }
            return outcome == .ok ? Self.json(event) : Self.error(outcome, outcome == .conflict ? "The requested identifier already exists." : "Not Found")
        }
        api.put("calendars", ":calendar", "events", ":event") { [self] request -> Response in
            guard authorized(request) else { return Self.error(.unauthorized, "Invalid Credentials") }
            let id = request.parameters.get("calendar") ?? "", eventID = request.parameters.get("event") ?? ""
            guard var event = try? request.content.decode(GoogleCalendarClient.Event.self) else { return Self.error(.badRequest, "Bad Request") }
            event.id = eventID
            let found = calendar.withLockedValue { state -> Bool in
                guard state.events[id]?[eventID] != nil else { return false }
                state.events[id]?[eventID] = event
                return true
            }
            return found ? Self.json(event) : Self.error(.notFound, "Not Found")
        }
    }

    /// Puts an event in a calendar as another app (or the user) would.
    func addEvent(_ event: GoogleCalendarClient.Event, to calendarID: String = "primary") {
        calendar.withLockedValue { $0.events[calendarID, default: [:]][event.id ?? UUID().uuidString] = event }
    }

    func events(in calendarID: String = "primary") -> [GoogleCalendarClient.Event] {
        calendar.withLockedValue { Array(($0.events[calendarID] ?? [:]).values) }
    }

    func expireAccessTokens() {
        calendar.withLockedValue { state in for key in state.accessTokens.keys { state.accessTokens[key] = .distantPast } }
    }
}

import Fluent
import Vapor

/// Sign in with Google (OpenID Connect, authorization code with PKCE, state and nonce), and
/// linking or unlinking a Google account to a signed-in user.
struct GoogleSignInController {
    static let stateCookie = "athletiq_oidc_state"
    static let provider = "google"

    func register(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let google = open.grouped("api", "v1", "auth", "google")
        google.get("login", use: start)
            .doc("Start signing in with Google (or linking it, with intent=link when signed in)", tag: "Accounts", access: .open,
                 query: [QueryParameter("intent", .enumeration(["login", "link"]), "login (default) or link to the signed-in account"),
                         QueryParameter("return_to", .string, "A path of this site to land on afterwards")],
                 responses: [.redirect("To Google's consent page", status: 302), .json(404, "Google sign-in is not configured", ErrorBodySchema.self)])
        google.get("callback", use: callback)
            .doc("Where Google sends the user back", tag: "Accounts", access: .open,
                 query: [QueryParameter("code", .string, "Authorization code"), QueryParameter("state", .string, "The state we sent"),
                         QueryParameter("error", .string, "Set when the user refused")],
                 responses: [.redirect("Into the app, signed in; or to the login page with ?error=google_<reason>", status: 303)])
        signedIn.grouped("api", "v1", "auth", "google").delete(use: unlink)
            .doc("Unlink Google from the account", tag: "Accounts", access: .signedIn,
                 responses: [.empty(204, "Unlinked"), .json(409, "The account has no password: set one first", ErrorBodySchema.self)])
    }

    private func configuration(_ request: Request) throws -> GoogleSettings {
        guard let google = request.settings.google else {
            throw APIError(.notFound, code: "not_configured", message: "Google sign-in is not configured on this server.")
        }
        return google
    }

    private func client(_ request: Request, _ google: GoogleSettings) -> OIDCClient {
        OIDCClient(discoveryURL: google.discoveryURL, clientID: google.clientID, clientSecret: google.clientSecret,
                   client: request.client, cache: request.application.oidcCache, logger: request.logger)
    }

    func start(request: Request) async throws -> Response {
        let google = try configuration(request)
        let linking = (try? request.query.get(String.self, at: "intent")) == "link"
        if linking && request.authContext == nil { throw APIError.unauthorized("Sign in first to link a Google account.") }
        let returnTo = (try? request.query.get(String.self, at: "return_to")).flatMap(SafeRedirect.path)
        let metadata: OIDCProviderMetadata
        do {
            metadata = try await client(request, google).metadata()
        } catch {
            request.logger.error("Google discovery failed", metadata: ["error": "\(error)"])
            throw APIError(.badGateway, code: "provider_unavailable", message: "Google cannot be reached right now; try again later.")
        }
        let started = try await OAuthStateStore(database: request.db).start(
            provider: Self.provider, userID: linking ? request.authContext?.userID : nil, returnTo: returnTo)
        guard var components = URLComponents(string: metadata.authorizationEndpoint) else {
            throw APIError(.badGateway, code: "provider_unavailable", message: "Google's configuration is not usable.")
        }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: google.clientID),
            URLQueryItem(name: "redirect_uri", value: google.callbackURL),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: started.state),
            URLQueryItem(name: "nonce", value: started.nonce),
            URLQueryItem(name: "code_challenge", value: OIDCClient.pkceChallenge(for: started.codeVerifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
            URLQueryItem(name: "prompt", value: "select_account"),
        ]
        let response = Response(status: .found, headers: ["Location": components.string ?? metadata.authorizationEndpoint])
        // Binds the state to this browser, so a link sent by someone else cannot finish a sign-in.
        response.cookies[Self.stateCookie] = HTTPCookies.Value(
            string: started.state, maxAge: Int(OAuthStateStore.lifetime), path: "/api/v1/auth/google",
            isSecure: request.settings.isProduction, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    func callback(request: Request) async throws -> Response {
        let google = try configuration(request)
        let frontend = request.settings.http.frontendURL
        func fail(_ code: String, _ detail: String) -> Response {
            request.logger.notice("Google sign-in refused", metadata: ["reason": .string(code), "detail": .string(detail)])
            let response = request.redirect(to: frontend + "/login?error=google_\(code)", redirectType: .normal)
            response.cookies[Self.stateCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/api/v1/auth/google")
            return response
        }
        if let error = try? request.query.get(String.self, at: "error") {
            return fail(error == "access_denied" ? "denied" : "provider_error", error)
        }
        guard let code = try? request.query.get(String.self, at: "code"), !code.isEmpty else { return fail("missing_code", "no code") }
        guard let state = try? request.query.get(String.self, at: "state"),
              let cookie = request.cookies[Self.stateCookie]?.string,
              SecureToken.constantTimeEquals(state, cookie) else { return fail("bad_state", "state missing or not this browser's") }
        guard let pending = try await OAuthStateStore(database: request.db).consume(state, provider: Self.provider),
              let verifier = pending.codeVerifier, let nonce = pending.nonce else {
            return fail("bad_state", "state unknown, used or expired")
        }
        let claims: IDTokenClaims
        do {
            let oidc = client(request, google)
            let idToken = try await oidc.exchange(code: code, verifier: verifier, redirectURI: google.callbackURL)
            claims = try await oidc.verify(idToken: idToken, nonce: nonce)
        } catch let error as OIDCError {
            return fail(error.code, error.description)
        }
        do {
            let outcome = try await GoogleAccountLinker(database: request.db).resolve(claims: claims, linkingUserID: pending.$user.id)
            switch outcome {
            case .linked:
                return request.redirect(to: frontend + (pending.returnTo ?? "/settings") + "?google=linked", redirectType: .normal)
            case .signIn(let user, let revokeOtherSessions):
                if revokeOtherSessions {
                    try await SessionService(request: request).revokeAll(userID: try user.requireID(), reason: "google_claimed_email")
                    request.logger.notice("Google sign-in claimed an account by its email: unproven password and sessions removed",
                                          metadata: ["user_id": .string(user.id?.uuidString ?? "")])
                }
                let tokens = try await SessionService(request: request).start(
                    user: user, device: DeviceDescription.from(userAgent: request.headers.first(name: .userAgent)), ip: request.clientIP)
                let response = request.redirect(to: frontend + (pending.returnTo ?? "/"), redirectType: .normal)
                AuthCookies.set(tokens, on: response, settings: request.settings)
                response.cookies[Self.stateCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/api/v1/auth/google")
                return response
            }
        } catch let error as APIError {
            return fail(error.code, error.message)
        }
    }

    func unlink(request: Request) async throws -> HTTPStatus {
        let user = try request.currentUser
        guard user.passwordHash != nil else {
            throw APIError.conflict("Set a password before unlinking Google, or you could no longer sign in.", code: "password_required")
        }
        user.googleSubject = nil
        try await user.save(on: request.db)
        return .noContent
    }
}

/// Decides what a verified Google identity means: link it, sign in its user, or create one.
struct GoogleAccountLinker {
    let database: any Database

    enum Outcome {
        case linked
        /// `revokeOtherSessions`: the account's earlier sessions may be someone else's.
        case signIn(User, revokeOtherSessions: Bool = false)
    }

    func resolve(claims: IDTokenClaims, linkingUserID: UUID?) async throws -> Outcome {
        let subject = claims.sub.value
        let owner = try await User.query(on: database).filter(\.$googleSubject == subject).first()
        if let linkingUserID {
            guard owner == nil || owner?.id == linkingUserID else {
                throw APIError.conflict("This Google account is linked to another athletIQ account.", code: "already_linked")
            }
            guard let user = try await User.find(linkingUserID, on: database) else { throw APIError.unauthorized() }
            user.googleSubject = subject
            try await user.save(on: database)
            return .linked
        }
        if let owner {
            guard owner.isActive else { throw APIError.forbidden("This account is disabled.", code: "account_disabled") }
            return .signIn(owner)
        }
        guard let email = claims.email, claims.emailVerified?.value == true, PasswordPolicy.emailProblem(email) == nil else {
            throw APIError.forbidden("Google did not confirm this email address.", code: "unverified_email")
        }
        if let existing = try await User.query(on: database).filter(\.$email == User.normalize(email: email)).first() {
            guard existing.isActive else { throw APIError.forbidden("This account is disabled.", code: "account_disabled") }
            // Sign-up never proved that its author owns the address: someone may have signed up
            // first with the victim's address (pre-takeover). Google proves it now, so the account
            // becomes Google's owner's alone: the unproven password goes, and so do its sessions.
            let unprovenPassword = existing.passwordHash != nil
            existing.passwordHash = nil
            existing.googleSubject = subject
            try await existing.save(on: database)
            return .signIn(existing, revokeOtherSessions: unprovenPassword)
        }
        let name = claims.name.flatMap { PasswordPolicy.nameProblem($0) == nil ? $0 : nil } ?? String(email.split(separator: "@")[0])
        let user = User(email: email, fullName: name, passwordHash: nil)
        user.googleSubject = subject
        try await user.create(on: database)
        return .signIn(user)
    }
}

/// Only paths of this site are accepted as places to return to (no open redirects).
enum SafeRedirect {
    /// A local path: one `/` not followed by `/` or `\\`, and no backslash, control character or
    /// whitespace anywhere (browsers drop tabs and newlines, so `/\t/evil.example` reads as `//evil.example`).
    static func path(_ value: String) -> String? {
        let scalars = Array(value.unicodeScalars)
        guard scalars.first == "/", scalars.count <= 512 else { return nil }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return nil }
        guard !scalars.contains(where: { $0 == "\\" || $0.value < 0x21 || $0.value == 0x7F || $0.properties.isWhitespace
                                        || (0x80...0x9F).contains($0.value) }) else { return nil }
        return value
    }
}

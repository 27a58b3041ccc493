import Fluent
import Vapor

/// Sign-up, login, refresh, logout and the signed-in user's own account.
struct AuthController {
    func register(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let auth = open.grouped("api", "v1", "auth")
        auth.post("signup", use: signUp)
            .doc("Create an account and sign in", tag: "Accounts", access: .open, body: .json(SignupRequest.self),
                 responses: [.json(201, "Signed up; tokens also set as cookies", TokenResponse.self),
                             .json(409, "The email is taken", ErrorBodySchema.self), .json(429, "Too many sign-ups from this address", ErrorBodySchema.self)])
        auth.post("login", use: login)
            .doc("Sign in with email and password", tag: "Accounts", access: .open, body: .json(LoginRequest.self),
                 responses: [.json(200, "Signed in; tokens also set as cookies", TokenResponse.self),
                             .json(401, "Wrong email or password", ErrorBodySchema.self), .json(429, "Too many attempts", ErrorBodySchema.self)])
        auth.post("refresh", use: refresh)
            .doc("Exchange a refresh token (body or cookie) for new tokens", tag: "Accounts", access: .open,
                 body: .json(RefreshRequest.self),
                 responses: [.json(200, "New tokens; the old refresh token is spent", TokenResponse.self),
                             .json(401, "Invalid, expired or reused refresh token", ErrorBodySchema.self)])

        let mine = signedIn.grouped("api", "v1", "auth")
        mine.post("logout", use: logout)
            .doc("Sign out this session", tag: "Accounts", access: .signedIn, responses: [.empty(204, "Signed out; cookies cleared")])
        mine.post("logout-all", use: logoutEverywhere)
            .doc("Sign out every session of the account", tag: "Accounts", access: .signedIn, responses: [.empty(204, "All sessions revoked")])
        mine.get("me", use: me)
            .doc("The signed-in user", tag: "Accounts", access: .signedIn, responses: [.json(200, "The user", UserResponse.self)])
        mine.patch("me", use: updateMe)
            .doc("Change name, email, language, theme or time zone", tag: "Accounts", access: .signedIn, body: .json(UpdateProfileRequest.self),
                 responses: [.json(200, "The updated user", UserResponse.self)])
        mine.post("password", use: changePassword)
            .doc("Change the password (other sessions are signed out)", tag: "Accounts", access: .signedIn,
                 body: .json(ChangePasswordRequest.self), responses: [.empty(204, "Password changed")])
    }

    func signUp(request: Request) async throws -> Response {
        try Self.refuseCrossSite(request)
        let limits = request.settings.rateLimits
        let decision = try await request.rateLimiter.hit("signup-ip:\(request.clientIP)", limit: limits.signup)
        guard decision.allowed else { throw decision.error("Too many sign-ups from your address; try again later.") }
        let input = try request.content.decode(SignupRequest.self)
        let user = try await AccountService(request: request).signUp(fullName: input.fullName, email: input.email, password: input.password)
        let userID = try user.requireID()
        request.logger.info("account created", metadata: ["user_id": .string(userID.uuidString)])
        return try await signedIn(user, request: request, status: .created)
    }

    func login(request: Request) async throws -> Response {
        try Self.refuseCrossSite(request)
        let input = try request.content.decode(LoginRequest.self)
        let user = try await Self.checkCredentials(email: input.email, password: input.password, request: request)
        return try await signedIn(user, request: request, status: .ok)
    }

    /// Login and sign-up set session cookies: refused when a browser sends them from another site.
    static func refuseCrossSite(_ request: Request) throws {
        guard CSRFProtection.mayStartSession(request) else {
            request.logger.notice("cross-site sign-in refused", metadata: ["origin": .string(request.headers.first(name: .origin) ?? "")])
            throw APIError.forbidden("The request comes from another site.", code: "csrf_origin")
        }
    }

    /// Applies the login limits (per client IP, then per account) and checks the password.
    static func checkCredentials(email: String, password: String, request: Request) async throws -> User {
        let limits = request.settings.rateLimits
        let limiter = request.rateLimiter
        let ipDecision = try await limiter.hit("login-ip:\(request.clientIP)", limit: limits.login)
        guard ipDecision.allowed else { throw ipDecision.error("Too many sign-in attempts; wait a minute and try again.") }
        // Failures are counted per address and account, so someone else's wrong passwords cannot
        // lock an athlete out (a denial of service); a ten times larger allowance per account
        // alone still stops guessing spread over many addresses.
        let account = User.normalize(email: email)
        let pairKey = "login-account:\(request.clientIP)|\(account)"
        let accountKey = "login-account-all:\(account)"
        let spread = RateLimit(count: limits.loginPerAccount.count * 10, seconds: limits.loginPerAccount.seconds)
        for (key, limit) in [(pairKey, limits.loginPerAccount), (accountKey, spread)] {
            let decision = try await limiter.peek(key, limit: limit)
            guard decision.allowed else { throw decision.error("Too many failed sign-ins for this account; try again later.") }
        }
        do {
            return try await AccountService(request: request).verify(email: email, password: password)
        } catch let error as APIError where error.code == "invalid_credentials" {
            _ = try await limiter.hit(pairKey, limit: limits.loginPerAccount)
            _ = try await limiter.hit(accountKey, limit: spread)
            request.logger.notice("failed sign-in", metadata: ["client_ip": .string(request.clientIP)])
            throw error
        }
    }

    func refresh(request: Request) async throws -> Response {
        let input = (try? request.content.decode(RefreshRequest.self)) ?? RefreshRequest(refreshToken: nil)
        guard let raw = input.refreshToken ?? request.cookies[AuthCookies.refresh]?.string, !raw.isEmpty else {
            throw APIError.unauthorized("No refresh token was sent.")
        }
        if input.refreshToken == nil, !CSRFProtection.originIsOurs(request) {
            throw APIError.forbidden("The request comes from another site.", code: "csrf_origin")
        }
        let tokens = try await SessionService(request: request).refresh(rawToken: raw)
        guard let session = try await AuthSession.find(tokens.sessionID, on: request.db),
              let user = try await User.find(session.$user.id, on: request.db) else { throw APIError.unauthorized() }
        let response = try await TokenResponse(tokens, user: user).encodeResponse(status: .ok, for: request)
        AuthCookies.set(tokens, on: response, settings: request.settings)
        return response
    }

    func logout(request: Request) async throws -> Response {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        if let session = try await AuthSession.find(context.sessionID, on: request.db) {
            try await SessionService(request: request).revoke(session, reason: "logout")
        }
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, settings: request.settings)
        return response
    }

    func logoutEverywhere(request: Request) async throws -> Response {
        try await SessionService(request: request).revokeAll(userID: try request.currentUserID, reason: "logout_all")
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, settings: request.settings)
        return response
    }

    func me(request: Request) throws -> UserResponse {
        try UserResponse(try request.currentUser)
    }

    func updateMe(request: Request) async throws -> UserResponse {
        let input = try request.content.decode(UpdateProfileRequest.self)
        let user = try request.currentUser
        try await AccountService(request: request).updateProfile(user: user, with: input)
        return try UserResponse(user)
    }

    func changePassword(request: Request) async throws -> Response {
        let input = try request.content.decode(ChangePasswordRequest.self)
        guard let context = request.authContext else { throw APIError.unauthorized() }
        try await AccountService(request: request).changePassword(user: context.user, current: input.currentPassword, new: input.newPassword)
        try await SessionService(request: request).revokeAll(userID: context.userID, keeping: context.sessionID, reason: "password_changed")
        return Response(status: .noContent)
    }

    /// Starts a session for `user` and answers with its tokens, also set as cookies.
    func signedIn(_ user: User, request: Request, status: HTTPResponseStatus) async throws -> Response {
        let tokens = try await SessionService(request: request).start(
            user: user, device: DeviceDescription.from(userAgent: request.headers.first(name: .userAgent)), ip: request.clientIP)
        let response = try await TokenResponse(tokens, user: user).encodeResponse(status: status, for: request)
        AuthCookies.set(tokens, on: response, settings: request.settings)
        return response
    }
}

/// The documented error body, for responses that name it explicitly.
struct ErrorBodySchema: APISchema {
    static var schemaName: String { "Error" }
    static var schema: Schema { OpenAPIDocument.errorSchema }
}

import Vapor

/// Reads the access token from `Authorization: Bearer` or the session cookie and, when valid,
/// records who is calling. A bad bearer token is refused at once; a stale cookie just leaves the
/// request anonymous (the pages refresh it).
struct UserAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if request.authContext == nil {
            if let bearer = request.headers.bearerAuthorization?.token {
                try await authenticate(request, token: bearer, credential: .bearer)
            } else if let cookie = request.cookies[AuthCookies.access]?.string, !cookie.isEmpty {
                try? await authenticate(request, token: cookie, credential: .cookie)
            }
        }
        return try await next.respond(to: request)
    }

    /// Who sends a page request that no route took (an unknown address): its 404 page then shows
    /// their navigation rather than a signed-out header.
    static func identifyPageVisitor(_ request: Request) async {
        guard request.authContext == nil, let cookie = request.cookies[AuthCookies.access]?.string, !cookie.isEmpty else { return }
        try? await UserAuthenticator().authenticate(request, token: cookie, credential: .cookie)
    }

    private func authenticate(_ request: Request, token: String, credential: AuthContext.Credential) async throws {
        let (user, sessionID) = try await SessionService(request: request).authenticate(accessToken: token)
        let userID = try user.requireID()
        request.authContext = AuthContext(user: user, userID: userID, sessionID: sessionID, credential: credential)
        request.logger[metadataKey: "user_id"] = .string(userID.uuidString)
    }
}

/// Refuses anonymous requests with 401.
struct RequireUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.authContext != nil else { throw APIError.unauthorized() }
        return try await next.respond(to: request)
    }
}

/// For cookie-authenticated requests that change state: the Origin (or Referer) must be one of
/// ours and the CSRF token must match the session. Bearer requests carry no ambient authority.
struct CSRFProtection: AsyncMiddleware {
    static let safeMethods: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if let context = request.authContext, context.credential == .cookie, !Self.safeMethods.contains(request.method) {
            try Self.check(request, sessionID: context.sessionID)
        }
        return try await next.respond(to: request)
    }

    static func check(_ request: Request, sessionID: UUID) throws {
        guard originIsOurs(request) else {
            throw APIError.forbidden("The request comes from another site.", code: "csrf_origin")
        }
        let expected = CSRFToken.token(sessionID: sessionID, settings: request.settings)
        let presented = request.headers.first(name: CSRFToken.header)
            ?? (try? request.content.get(String.self, at: CSRFToken.formField))
        guard let presented, SecureToken.constantTimeEquals(presented, expected) else {
            throw APIError.forbidden("The CSRF token is missing or wrong; reload the page.", code: "csrf_token")
        }
    }

    /// Whether a request that would set session cookies may come from where it comes from: a
    /// browser always sends `Origin` (and `Sec-Fetch-Site`) on a cross-site POST, so an Origin of
    /// ours, or neither header (an API client, which cannot be a CSRF victim), is accepted.
    /// Without this, a cross-site form signed a victim's browser into the attacker's account
    /// (login CSRF), and the victim's uploads went to the attacker.
    static func mayStartSession(_ request: Request) -> Bool {
        if request.headers.first(name: .origin) != nil { return originIsOurs(request) }
        if let site = request.headers.first(name: "Sec-Fetch-Site")?.lowercased() { return site == "same-origin" || site == "none" }
        return true
    }

    /// Whether Origin (or, without it, Referer) names this server or an allowed origin.
    static func originIsOurs(_ request: Request) -> Bool {
        let settings = request.settings
        var allowed = Set(settings.cors.allowedOrigins + [origin(settings.http.publicURL), origin(settings.http.frontendURL)].compactMap { $0 })
        // Outside production the server may listen elsewhere than its configured address
        // (`athletiq serve --port 9090` keeps PUBLIC_URL at :8080): the address the browser
        // posted to is then ours too. A cross-site page cannot make its Origin equal that Host.
        if settings.environment != .production, let host = request.headers.first(name: .host), !host.isEmpty {
            allowed.insert("http://" + host)
        }
        if let origin = request.headers.first(name: .origin) { return allowed.contains(origin) }
        if let referer = request.headers.first(name: .referer), let refererOrigin = origin(referer) {
            return allowed.contains(refererOrigin)
        }
        return false
    }

    static func origin(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}

/// Counts every request of a signed-in user against the per-user limit.
struct UserRateLimit: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard let context = request.authContext else { return try await next.respond(to: request) }
        let decision = try await request.apiRateLimiter.hit("user:\(context.userID)", limit: request.settings.rateLimits.user)
        guard decision.allowed else { throw decision.error("Too many requests; slow down and retry after the indicated delay.") }
        let response = try await next.respond(to: request)
        for (name, value) in decision.headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

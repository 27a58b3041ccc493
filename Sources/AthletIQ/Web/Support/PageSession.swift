import Vapor

/// For pages: a browser whose short access cookie has expired but whose refresh cookie is valid
/// is signed in again transparently (the refresh token rotates, new cookies go out).
struct PageSession: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        var refreshed: IssuedTokens?
        if request.authContext == nil, let raw = request.cookies[AuthCookies.refresh]?.string, !raw.isEmpty {
            let sessions = SessionService(request: request)
            if let tokens = try? await sessions.refresh(rawToken: raw),
               let (user, sessionID) = try? await sessions.authenticate(accessToken: tokens.accessToken),
               let userID = user.id {
                request.authContext = AuthContext(user: user, userID: userID, sessionID: sessionID, credential: .cookie)
                refreshed = tokens
            }
        }
        if let language = (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:)) {
            // ?lang=fr switches this browser's language (a cookie). A GET changes nothing stored:
            // the account's language is set by the settings form (a POST).
            let response = request.redirect(to: request.url.path, redirectType: .normal)
            Self.setLanguageCookie(language, on: response, request: request)
            if let refreshed { AuthCookies.set(refreshed, on: response, settings: request.settings) }
            return response
        }
        let response = try await next.respond(to: request)
        if let refreshed { AuthCookies.set(refreshed, on: response, settings: request.settings) }
        return response
    }

    static func setLanguageCookie(_ language: Language, on response: Response, request: Request) {
        response.cookies["athletiq_lang"] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 86_400, path: "/",
                                                             isSecure: request.settings.isProduction, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Sends anonymous visitors of a page to the login page, and back afterwards.
struct RequirePageUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.authContext != nil else {
            let next = request.url.path == "/" ? "" : "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")
            return request.redirect(to: "/login" + next, redirectType: .normal)
        }
        // Pages count against the same per-user limit as the API.
        if let context = request.authContext {
            let decision = try await request.apiRateLimiter.hit("user:\(context.userID)", limit: request.settings.rateLimits.user)
            guard decision.allowed else {
                let response = Response(status: .tooManyRequests, body: .init(string: "Too many requests; wait a moment and reload."))
                for (name, value) in decision.headers { response.headers.replaceOrAdd(name: name, value: value) }
                return response
            }
        }
        return try await next.respond(to: request)
    }
}

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
            // ?lang=fr switches the language (kept in a cookie, and in the account when signed in).
            if let user = request.authContext?.user, user.locale != language.rawValue {
                user.locale = language.rawValue
                try? await user.save(on: request.db)
            }
            let response = request.redirect(to: request.url.path, redirectType: .normal)
            response.cookies["athletiq_lang"] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 86_400, path: "/",
                                                                 isSecure: request.settings.isProduction, isHTTPOnly: true, sameSite: .lax)
            if let refreshed { AuthCookies.set(refreshed, on: response, settings: request.settings) }
            return response
        }
        let response = try await next.respond(to: request)
        if let refreshed { AuthCookies.set(refreshed, on: response, settings: request.settings) }
        return response
    }
}

/// Sends anonymous visitors of a page to the login page, and back afterwards.
struct RequirePageUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.authContext != nil else {
            let next = request.url.path == "/" ? "" : "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")
            return request.redirect(to: "/login" + next, redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

import Foundation
import Vapor

/// The cookies of a browser session: the access and refresh tokens (httpOnly) and the CSRF token
/// (readable by the page, echoed back in a header or form field).
enum AuthCookies {
    static let access = "athletiq_access"
    static let refresh = "athletiq_refresh"
    static let csrf = "athletiq_csrf"

    static func set(_ tokens: IssuedTokens, on response: Response, settings: Settings) {
        let secure = settings.isProduction
        response.cookies[access] = HTTPCookies.Value(
            string: tokens.accessToken, expires: tokens.accessExpiresAt,
            maxAge: settings.auth.accessTokenSeconds, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        response.cookies[refresh] = HTTPCookies.Value(
            string: tokens.refreshToken, expires: tokens.refreshExpiresAt,
            maxAge: settings.auth.refreshTokenSeconds, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        response.cookies[csrf] = HTTPCookies.Value(
            string: CSRFToken.token(sessionID: tokens.sessionID, settings: settings), expires: tokens.refreshExpiresAt,
            maxAge: settings.auth.refreshTokenSeconds, path: "/", isSecure: secure, isHTTPOnly: false, sameSite: .lax)
    }

    static func clear(on response: Response, settings: Settings) {
        for name in [access, refresh, csrf] {
            response.cookies[name] = HTTPCookies.Value(
                string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                isSecure: settings.isProduction, isHTTPOnly: name != csrf, sameSite: .lax)
        }
    }
}

/// CSRF tokens bound to the session: an HMAC of the session id, so a token planted by another
/// site (cookie tossing) never matches.
enum CSRFToken {
    static let header = "X-CSRF-Token"
    static let formField = "_csrf"

    static func token(sessionID: UUID, settings: Settings) -> String {
        SecureToken.mac("csrf:" + sessionID.uuidString, key: settings.secrets.jwtSecret)
    }
}

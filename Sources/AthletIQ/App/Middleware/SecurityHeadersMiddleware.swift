import Vapor

/// Security headers on every response. HTML gets a strict Content-Security-Policy; production adds
/// HSTS (the server is only reachable over HTTPS there).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let production: Bool
    let contentSecurityPolicy: String

    /// `tileOrigin`: the map tiles' server, the only other host images may come from.
    init(production: Bool, tileOrigin: String?) {
        self.production = production
        contentSecurityPolicy = Self.contentSecurityPolicy(tileOrigin: tileOrigin)
    }

    static func contentSecurityPolicy(tileOrigin: String?) -> String { [
        "default-src 'self'",
        "img-src 'self' data:" + (tileOrigin.map { " " + $0 } ?? ""),
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ") }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = response.headers
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "strict-origin-when-cross-origin")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()")
        if headers.contentType?.type == "text", headers.contentType?.subType == "html" {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        } else if headers.first(name: "Content-Security-Policy") == nil {
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'")
        }
        // Answers carry one user's data: never kept by shared caches or the browser's history.
        if response.headers.first(name: .cacheControl) == nil,
           request.url.path.hasPrefix("/api/") || headers.contentType?.subType == "html" {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        // An answer that names the requesting origin differs by origin.
        if let allowed = response.headers.first(name: .accessControlAllowOrigin), allowed != "*",
           !response.headers[.vary].contains(where: { $0.lowercased().contains("origin") }) {
            response.headers.add(name: .vary, value: "Origin")
        }
        if production {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains")
        }
        return response
    }
}

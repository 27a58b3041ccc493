import Vapor

extension Request {
    /// The address of the client. `X-Forwarded-For` is believed only when the connection comes
    /// from a proxy listed in `TRUSTED_PROXIES`; then the right-most address that is not itself a
    /// trusted proxy is the client.
    public var clientIP: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let proxies = application.settings.trustedProxies
        guard isTrusted(peer, proxies), let forwarded = headers.first(name: .xForwardedFor) else { return peer }
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !isTrusted(hop, proxies) {
            return IPAddressRange.parseAddress(hop) != nil ? hop : peer
        }
        return hops.first ?? peer
    }

    /// The scheme the client used, as told by a trusted proxy's `X-Forwarded-Proto`.
    public var forwardedScheme: String? {
        let peer = remoteAddress?.ipAddress ?? ""
        guard isTrusted(peer, application.settings.trustedProxies) else { return nil }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased()
    }

    private func isTrusted(_ address: String, _ proxies: [IPAddressRange]) -> Bool {
        proxies.contains { $0.contains(address) }
    }
}

/// In production, a request that reached a trusted proxy over plain HTTP is redirected to HTTPS.
struct HTTPSRedirectMiddleware: AsyncMiddleware {
    let publicURL: String

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.forwardedScheme == "http" else { return try await next.respond(to: request) }
        let target = publicURL + request.url.string
        let status: HTTPResponseStatus = request.method == .GET || request.method == .HEAD ? .movedPermanently : .permanentRedirect
        return Response(status: status, headers: ["Location": target])
    }
}

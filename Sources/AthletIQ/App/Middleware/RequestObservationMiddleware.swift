import Vapor

/// Logs one line per request (method, route, status, duration; the request and user ids come
/// from the logger metadata) and feeds the request metrics.
struct RequestObservationMiddleware: AsyncMiddleware {
    let metrics: AppMetrics

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next.respond(to: request)
        let duration = start.duration(to: clock.now)
        let route = Self.routeLabel(request)
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let level: Logger.Level = request.url.path == "/health" || request.url.path == "/metrics" ? .debug : .info
        request.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "path": .string(request.url.path),
            "status": .stringConvertible(Int(response.status.code)),
            "duration_ms": .stringConvertible((milliseconds * 100).rounded() / 100),
        ])
        return response
    }

    /// The route pattern (`/api/v1/activities/:id`), or `unmatched` for unknown paths.
    static func routeLabel(_ request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

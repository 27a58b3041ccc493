import Fluent
import SQLKit
import Vapor

/// Liveness, readiness, metrics and the API description.
struct SystemController {
    func register(on routes: any RoutesBuilder) {
        routes.get("health", use: health)
            .doc("Liveness: the process answers", tag: "System", access: .open,
                 responses: [.json(200, "Alive", HealthResponse.self)])
        routes.get("ready", use: ready)
            .doc("Readiness: database reachable and migrations applied", tag: "System", access: .open,
                 responses: [.json(200, "Ready to serve", ReadinessResponse.self),
                             .json(503, "Not ready (database down or migrations pending)", ReadinessResponse.self)])
        routes.get("metrics", use: metrics)
            .doc("Prometheus metrics (text exposition format)", tag: "System", access: .open,
                 responses: [.content(200, "Metrics", mediaType: "text/plain; version=0.0.4")])
        routes.get("openapi.json", use: openAPI)
            .doc("This API description (OpenAPI 3.1)", tag: "System", access: .open,
                 responses: [.content(200, "The OpenAPI document", mediaType: "application/json", schema: .dictionary(.any))])
        routes.get("docs", use: docs)
            .doc("The API description as a readable page", tag: "System", access: .open,
                 responses: [.html("The documentation page")])
    }

    func health(request: Request) -> HealthResponse {
        HealthResponse(
            status: "ok", version: AppVersion.current,
            environment: request.settings.environment.rawValue,
            uptimeSeconds: (request.application.clock.now().timeIntervalSince(request.application.metrics.startedAt) * 10).rounded() / 10)
    }

    func ready(request: Request) async throws -> Response {
        var body = ReadinessResponse(status: "ready", database: "ok", pendingMigrations: [])
        do {
            body.pendingMigrations = try await AppMigrations.pending(on: request.db)
        } catch {
            request.logger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
            body.database = "unreachable"
        }
        let ready = body.database == "ok" && body.pendingMigrations.isEmpty
        body.status = ready ? "ready" : "not_ready"
        let response = try await body.encodeResponse(for: request)
        response.status = ready ? .ok : .serviceUnavailable
        return response
    }

    func metrics(request: Request) async throws -> Response {
        // Per-route figures, memory and descriptors are for the operator: a token guards them,
        // and production without one does not expose them at all.
        if let token = request.settings.http.metricsToken {
            guard let presented = request.headers.bearerAuthorization?.token, SecureToken.constantTimeEquals(presented, token) else {
                throw APIError.unauthorized("/metrics needs the METRICS_TOKEN bearer token.")
            }
        } else if request.settings.isProduction {
            throw APIError.notFound("route")
        }
        let text = await request.application.metrics.render()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    func openAPI(request: Request) throws -> Response {
        let document = OpenAPIDocument.build(routes: request.application.routes.all, settings: request.settings)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try OpenAPIDocument.encode(document)))
    }

    func docs(request: Request) -> Response {
        let html = DocsPage.render(routes: request.application.routes.all)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: html))
    }
}

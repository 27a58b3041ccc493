import Foundation
import Vapor

/// Builds the OpenAPI 3.1 document from the documentation attached to the routes.
public enum OpenAPIDocument {
    public static let version = "3.1.0"

    /// `{path: {method: operation}}` paths in OpenAPI form (`/activities/{id}`).
    public static func build(routes: [Route], settings: Settings) -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        var components: [String: Schema] = ["Error": errorSchema]
        for route in routes.sorted(by: { pathString($0) < pathString($1) }) {
            guard let doc = route.routeDoc else { continue }
            for (name, schema) in doc.components { components[name] = schema }
            let path = pathString(route)
            let operation = (route.method.rawValue.lowercased(), operationJSON(route: route, doc: doc))
            if let index = paths.firstIndex(where: { $0.0 == path }) {
                paths[index].1.append(operation)
            } else {
                paths.append((path, [operation]))
            }
        }
        let tags = Array(Set(routes.compactMap { $0.routeDoc?.tag })).sorted()
        return .object([
            ("openapi", .string(version)),
            ("info", .object([
                ("title", "athletIQ API"),
                ("version", .string(AppVersion.current)),
                ("description", "Training analytics for endurance athletes. JSON with snake_case keys, ISO-8601 UTC times and SI units (m, s, m/s). Errors share one shape: {\"error\": {\"code\", \"message\", \"request_id\"}}."),
            ])),
            ("servers", .array([.object([("url", .string(settings.http.publicURL))])])),
            ("tags", .array(tags.map { .object([("name", .string($0))]) })),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", .object([
                ("schemas", .object(components.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
                ("securitySchemes", .object([
                    ("bearer", .object([("type", "http"), ("scheme", "bearer"), ("bearerFormat", "JWT")])),
                    ("cookie", .object([("type", "apiKey"), ("in", "cookie"), ("name", "athletiq_access")])),
                ])),
            ])),
        ])
    }

    /// The route's path in OpenAPI form: `:id` becomes `{id}`, `**` becomes `{path}`.
    public static func pathString(_ route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let value): return value
            case .parameter(let name): return "{\(name)}"
            case .anything: return "{any}"
            case .catchall: return "{path}"
            }
        }.joined(separator: "/")
    }

    static func parameterNames(_ route: Route) -> [String] {
        route.path.compactMap { component in
            switch component {
            case .parameter(let name): return name
            case .catchall: return "path"
            case .anything: return "any"
            case .constant: return nil
            }
        }
    }

    private static func operationJSON(route: Route, doc: RouteDoc) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("summary", .string(doc.summary)),
            ("operationId", .string(operationID(route))),
            ("tags", .array([.string(doc.tag)])),
        ]
        var parameters: [JSONValue] = parameterNames(route).map { name in
            .object([("name", .string(name)), ("in", "path"), ("required", true), ("schema", Schema.string.json)])
        }
        parameters += doc.query.map { parameter in
            .object([("name", .string(parameter.name)), ("in", "query"), ("required", .bool(parameter.required)),
                     ("description", .string(parameter.description)), ("schema", parameter.schema.json)])
        }
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body = doc.body {
            pairs.append(("requestBody", .object([
                ("required", true),
                ("content", .object([(body.mediaType, .object([("schema", body.schema.json)]))])),
            ])))
        }
        pairs.append(("responses", .object(responses(route: route, doc: doc))))
        switch doc.access {
        case .signedIn: pairs.append(("security", .array([.object([("bearer", .array([]))]), .object([("cookie", .array([]))])])))
        case .signedInPage: pairs.append(("security", .array([.object([("cookie", .array([]))])])))
        case .open: pairs.append(("security", .array([])))
        }
        return .object(pairs)
    }

    private static func responses(route: Route, doc: RouteDoc) -> [(String, JSONValue)] {
        var result: [(String, JSONValue)] = doc.responses.map { response in
            var pairs: [(String, JSONValue)] = [("description", .string(response.description))]
            if let mediaType = response.mediaType {
                let schema = response.schema.map { [("schema", $0.json)] } ?? []
                pairs.append(("content", .object([(mediaType, .object(schema))])))
            }
            return (String(response.status), .object(pairs))
        }
        func add(_ status: Int, _ description: String) {
            guard !result.contains(where: { $0.0 == String(status) }) else { return }
            result.append((String(status), errorResponse(description)))
        }
        if doc.body != nil || !doc.query.isEmpty { add(400, "The request is malformed.") }
        if doc.access == .signedIn { add(401, "Not signed in, or the token is invalid or expired.") }
        if !parameterNames(route).isEmpty { add(404, "No such resource (or it belongs to another user).") }
        if doc.body != nil { add(422, "The request is well-formed but its values are not acceptable.") }
        if doc.access == .signedIn { add(429, "Too many requests; see Retry-After.") }
        result.append(("default", errorResponse("An error (see the error code).")))
        return result
    }

    private static func errorResponse(_ description: String) -> JSONValue {
        .object([
            ("description", .string(description)),
            ("content", .object([("application/json", .object([("schema", Schema.reference("Error").json)]))])),
        ])
    }

    private static func operationID(_ route: Route) -> String {
        let words = route.path.map { component -> String in
            switch component {
            case .constant(let value): return value
            case .parameter(let name): return "by_" + name
            case .anything, .catchall: return "any"
            }
        }
        return ([route.method.rawValue.lowercased()] + words.filter { $0 != "api" && $0 != "v1" })
            .joined(separator: "_")
            .replacingOccurrences(of: "-", with: "_")
            .replacingOccurrences(of: ".", with: "_")
    }

    static let errorSchema: Schema = .object([
        .init("error", .object([
            .init("code", .string(description: "A stable machine-readable code, e.g. not_found, validation_failed, rate_limited.")),
            .init("message", .string(description: "A sentence for people.")),
            .init("request_id", .string(description: "The X-Request-ID of the request, for support.")),
            .init("debug", .string(description: "Internals, only when DEBUG is on."), required: false),
        ])),
    ])

    /// Encodes the document without the API's key conversion (OpenAPI keys are camelCase).
    public static func encode(_ document: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}

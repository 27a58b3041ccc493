import Vapor

/// The API reference rendered by the server from the same route documentation as
/// `/openapi.json`: no JavaScript, works offline.
enum DocsPage {
    static func render(routes: [Route]) -> String {
        let documented = routes.compactMap { route in route.routeDoc.map { (route, $0) } }
        let tags = Array(Set(documented.map(\.1.tag))).sorted()
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>athletIQ API</title><link rel="stylesheet" href="/assets/app.css"></head><body><main>
        <h1>athletIQ API <span class="badge">v\(AppVersion.current)</span></h1>
        <p class="muted">JSON with snake_case keys, ISO-8601 UTC times and SI units. Errors share one shape:
        <code>{"error": {"code", "message", "request_id"}}</code>. Signed-in endpoints take the access token as
        <code>Authorization: Bearer …</code> or the session cookie. Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
        <nav><ul>
        """
        html += tags.html { "<li><a href=\"#\(anchor($0))\">\(HTML.escape($0))</a></li>" }
        html += "</ul></nav>"
        for tag in tags {
            html += "<section id=\"\(anchor(tag))\"><h2>\(HTML.escape(tag))</h2>"
            let operations = documented.filter { $0.1.tag == tag }
                .sorted { (OpenAPIDocument.pathString($0.0), $0.0.method.rawValue) < (OpenAPIDocument.pathString($1.0), $1.0.method.rawValue) }
            for (route, doc) in operations { html += operation(route, doc) }
            html += "</section>"
        }
        return html + "</main></body></html>"
    }

    private static func operation(_ route: Route, _ doc: RouteDoc) -> String {
        let method = route.method.rawValue
        var html = """
        <details class="card op"><summary><span class="method \(method.lowercased())">\(method)</span>
        <code>\(HTML.escape(OpenAPIDocument.pathString(route)))</code><span>\(HTML.escape(doc.summary))</span>
        <span class="badge">\(doc.access == .open ? "public" : doc.access == .signedIn ? "signed in" : "page, signed in")</span></summary>
        """
        let pathParameters = OpenAPIDocument.parameterNames(route)
        if !pathParameters.isEmpty || !doc.query.isEmpty {
            html += "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>description</th></tr>"
            html += pathParameters.html { "<tr><td><code>\(HTML.escape($0))</code></td><td>path</td><td>required</td></tr>" }
            html += doc.query.html {
                "<tr><td><code>\(HTML.escape($0.name))</code></td><td>query</td><td>\(HTML.escape($0.description))\($0.required ? " (required)" : "")</td></tr>"
            }
            html += "</table>"
        }
        if let body = doc.body {
            html += "<h4>Body <code>\(HTML.escape(body.mediaType))</code></h4><pre>\(HTML.escape(describe(body.schema, components: body.components)))</pre>"
        }
        html += "<h4>Responses</h4><table>"
        for response in doc.responses {
            let schema = response.schema.map { "<pre>\(HTML.escape(describe($0, components: response.components)))</pre>" } ?? ""
            html += "<tr><td>\(response.status)</td><td>\(HTML.escape(response.description))\(schema)</td></tr>"
        }
        return html + "</table></details>"
    }

    /// A compact JSON-like sketch of a schema, expanding referenced components once.
    static func describe(_ schema: Schema, components: [(String, Schema)], indent: String = "", depth: Int = 0) -> String {
        guard depth < 6 else { return "…" }
        switch schema {
        case .string(let format, _): return format.map { "string (\($0))" } ?? "string"
        case .enumeration(let values, _): return values.map { "\"\($0)\"" }.joined(separator: " | ")
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .binary: return "binary"
        case .any: return "any"
        case .array(let items): return "[" + describe(items, components: components, indent: indent, depth: depth + 1) + "]"
        case .dictionary(let values): return "{string: " + describe(values, components: components, indent: indent, depth: depth + 1) + "}"
        case .nullable(let inner): return describe(inner, components: components, indent: indent, depth: depth + 1) + " | null"
        case .reference(let name):
            guard let resolved = components.first(where: { $0.0 == name })?.1 else { return name }
            return describe(resolved, components: components, indent: indent, depth: depth + 1)
        case .object(let properties):
            let inner = indent + "  "
            let lines = properties.map { property in
                "\(inner)\(property.name)\(property.required ? "" : "?"): \(describe(property.schema, components: components, indent: inner, depth: depth + 1))"
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    private static func anchor(_ tag: String) -> String {
        tag.lowercased().html { $0.isLetter || $0.isNumber ? String($0) : "-" }
    }
}

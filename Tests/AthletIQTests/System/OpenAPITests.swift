@testable import AthletIQ
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedPathExists() async throws {
        try await withTestApp { app in
            let routes = app.routes.all
            let undocumented = routes.filter { $0.routeDoc == nil }.map { "\($0.method.rawValue) \(OpenAPIDocument.pathString($0))" }
            #expect(undocumented.isEmpty, "routes missing from the API document: \(undocumented)")

            try await app.testing().test(.GET, "openapi.json") { res async throws in
                #expect(res.status == .ok)
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var documented = Set<String>()
                for (path, operations) in paths {
                    for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
                }
                let actual = Set(routes.map { "\($0.method.rawValue) \(OpenAPIDocument.pathString($0))" })
                #expect(documented == actual, "document and routes differ: \(documented.symmetricDifference(actual))")
                // Every $ref points at a component that exists.
                let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
                let text = res.body.string
                let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
                for ref in refs { #expect(schemas[ref] != nil, "dangling $ref \(ref)") }
            }
        }
    }

    @Test func theSchemaCheckFindsWhatDrifted() throws {
        let document: [String: Any] = ["components": ["schemas": ["Signup": [
            "type": "object", "required": ["full_name", "email"],
            "properties": ["full_name": ["type": "string"], "email": ["type": "string"],
                           "age": ["oneOf": [["type": "integer"], ["type": "null"]]]],
        ]]]]
        let check = SchemaConformance(document: document)
        let reference: [String: Any] = ["$ref": "#/components/schemas/Signup"]
        let good = try #require(JSON.parse(Data(#"{"full_name": "A", "email": "a@b.c", "age": null}"#.utf8)))
        #expect(check.problems(good, against: reference).isEmpty)
        let drifted = try #require(JSON.parse(Data(#"{"fullName": "A", "email": true, "age": 1.5}"#.utf8)))
        #expect(Set(check.problems(drifted, against: reference)) == [
            "$.full_name: missing", "$.fullName: not in the schema", "$.email: expected string, got boolean",
            "$.age: expected an integer, got 1.5",
        ])
    }

    @Test func docsPageListsTheEndpoints() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "docs") { res async in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .html)
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                let html = res.body.string
                #expect(html.contains("<code>/health</code>"))
                #expect(html.contains("/openapi.json"))
            }
            try await app.testing().test(.GET, "assets/app.css") { res async in
                #expect(res.status == .ok)
                let etag = res.headers.first(name: .eTag) ?? ""
                #expect(!etag.isEmpty)
                try? await app.testing().test(.GET, "assets/app.css", headers: ["If-None-Match": etag]) { cached async in
                    #expect(cached.status == .notModified)
                }
            }
        }
    }
}

import Crypto
import Foundation
import Vapor

/// Serves the stylesheet and scripts compiled into the binary, so the app needs no files beside
/// it. Each asset has a content hash as ETag and is cached for a day.
struct AssetsController {
    struct Asset: Sendable {
        let body: String
        let contentType: HTTPMediaType
        let etag: String

        init(_ body: String, _ contentType: HTTPMediaType) {
            self.body = body
            self.contentType = contentType
            self.etag = "\"" + SHA256.hash(data: Data(body.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() + "\""
        }
    }

    static let assets: [String: Asset] = [
        "app.css": Asset(StyleSheet.css, .css),
        "app.js": Asset(Script.js + MapScript.js + ChartScript.js, HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])),
        "icon.svg": Asset(Self.icon, HTTPMediaType(type: "image", subType: "svg+xml")),
    ]

    /// The tab icon: an orange rising line on a dark square.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d1f21"/>\
        <path d="M5 23 L12 15 L17 19 L27 8" fill="none" stroke="#ff8a4c" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>
        """

    func register(on routes: any RoutesBuilder) {
        routes.get("assets", ":name") { request -> Response in
            guard let name = request.parameters.get("name"), let asset = Self.assets[name] else {
                throw APIError.notFound("asset")
            }
            if request.headers.first(name: .ifNoneMatch) == asset.etag {
                return Response(status: .notModified, headers: ["ETag": asset.etag])
            }
            var headers = HTTPHeaders()
            headers.contentType = asset.contentType
            headers.replaceOrAdd(name: .eTag, value: asset.etag)
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
            return Response(status: .ok, headers: headers, body: .init(string: asset.body))
        }.doc("A stylesheet or script of the web pages", tag: "Web", access: .open,
              responses: [.content(200, "The asset", mediaType: "text/css")])
    }
}

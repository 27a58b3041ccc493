import Foundation
import Vapor

/// What every page shares: who is signed in, the language, the CSRF token for forms, a flash message.
struct PageContext: Sendable {
    var language: Language
    var userName: String?
    var csrfToken: String?
    var theme: String?
    var currentPath: String
    var flash: String?
    /// The signed-in athlete's time zone: the times shown are theirs.
    var zone: TimeZone = .gmt
    /// The map tiles' address (`{z}/{x}/{y}`), or nil when the operator turned them off.
    var mapTiles: String?

    var strings: Strings { Strings(language: language) }
    var formats: Formats { Formats(language: language, zone: zone) }

    init(language: Language, userName: String? = nil, csrfToken: String? = nil, theme: String? = nil, currentPath: String = "/", flash: String? = nil) {
        self.language = language
        self.userName = userName
        self.csrfToken = csrfToken
        self.theme = theme
        self.currentPath = currentPath
        self.flash = flash
    }

    init(request: Request, flash: String? = nil) {
        let context = request.authContext
        self.init(language: Language.of(request), userName: context?.user.fullName,
                  csrfToken: context.map { CSRFToken.token(sessionID: $0.sessionID, settings: request.settings) },
                  theme: context?.user.theme, currentPath: request.url.path, flash: flash)
        zone = context?.user.zone ?? .gmt
        mapTiles = request.settings.http.mapTileURL
    }
}

/// The page shell: header with navigation, main content, footer. All text escaped by the pages.
enum Layout {
    static func page(title: String, context: PageContext, body: String) -> String {
        let s = context.strings
        let theme = context.theme.map { " data-theme=\"\(HTML.escape($0))\"" } ?? ""
        var nav = ""
        if context.userName != nil {
            let links = [("/", "nav.dashboard"), ("/activities", "nav.activities"), ("/plans", "nav.plans"), ("/predict", "nav.predict"),
                         ("/records", "nav.records"), ("/curves", "nav.curves"), ("/import", "nav.import"), ("/strava", "nav.strava"), ("/settings", "nav.settings")]
            nav = links.html { path, key in
                let current = context.currentPath == path ? " aria-current=\"page\"" : ""
                return "<a href=\"\(path)\"\(current)>\(HTML.escape(s[key]))</a>"
            }
            nav += "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\"><button type=\"submit\" class=\"link\">\(HTML.escape(s["nav.logout"]))</button></form>"
        } else {
            nav = "<a href=\"/login\">\(HTML.escape(s["nav.login"]))</a><a href=\"/signup\">\(HTML.escape(s["nav.signup"]))</a>"
        }
        let flash = context.flash.map { "<p class=\"flash\" role=\"status\">\(HTML.escape($0))</p>" } ?? ""
        return """
        <!doctype html>
        <html lang="\(context.language.rawValue)"\(theme)><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · athletIQ</title>
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
        <body><header class="top"><a class="brand" href="/">athletIQ</a><nav>\(nav)</nav>
        <span class="languages"><a href="?lang=en" lang="en">EN</a> · <a href="?lang=fr" lang="fr">FR</a></span></header>
        <main id="main">\(flash)\(body)</main>
        <footer class="muted">athletIQ · \(HTML.escape(context.strings["app.tagline"]))</footer></body></html>
        """
    }

    static func response(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

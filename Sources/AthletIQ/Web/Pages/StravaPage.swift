import Foundation

/// The Strava page: connect (with the outcome explained), history import with its progress,
/// the user's place in the shared queue, the quota gauges, disconnect.
enum StravaPage {
    struct Model {
        var configured: Bool
        var status: StravaStatusResponse?
        var queue: StravaQueueResponse?
        var quota: QuotaSnapshot?
        /// A key of the strings: what just happened (`strava.connected`, `strava.error.denied`...).
        var message: String?
        var isError = false
        var now = Date()
    }

    static let periods = ["7", "30", "90", "365", "all"]

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let message = model.message.map { key in
            model.isError ? "<p class=\"error\" role=\"alert\">\(HTML.escape(s[key]))</p>" : "<p class=\"flash\" role=\"status\">\(HTML.escape(s[key]))</p>"
        } ?? ""
        var sections = ""
        if !model.configured {
            sections = "<section class=\"card\"><p>\(HTML.escape(s["strava.notConfigured"]))</p></section>"
        } else if let status = model.status, status.connected {
            sections = connected(status, model: model, context: context)
        } else {
            sections = """
            <section class="card"><p>\(HTML.escape(s["strava.intro"]))</p>
            <p><a class="button strava" href="/api/v1/auth/strava/login">\(HTML.escape(s["strava.connect"]))</a></p></section>
            """
        }
        if let quota = model.quota { sections += gauges(quota, context: context, now: model.now) }
        let body = """
        <h1>\(HTML.escape(s["strava.title"]))</h1>\(message)\(sections)
        <p class="muted powered">\(HTML.escape(s["strava.poweredBy"]))</p>
        """
        return Layout.page(title: s["strava.title"], context: context, body: body)
    }

    /// Why an import waits or stopped, as Strava or we said it.
    private static func syncReason(_ status: StravaStatusResponse) -> String {
        guard ["waiting", "failed"].contains(status.sync?.status ?? ""), let reason = status.lastError else { return "" }
        return "<p class=\"muted\">\(HTML.escape(reason))</p>"
    }

    private static func hidden(_ context: PageContext) -> String {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
    }

    private static func connected(_ status: StravaStatusResponse, model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        var account = "<p>\(HTML.escape(s["strava.athlete"])) <strong>\(HTML.escape(status.athleteName ?? "#\(status.athleteId ?? 0)"))</strong></p>"
        if status.privateActivities == false { account += "<p class=\"muted\">\(HTML.escape(s["strava.scopes.noPrivate"]))</p>" }
        if status.status == "reauthorize" {
            account += "<p class=\"error\">\(HTML.escape(s["strava.reauthorize"]))</p>"
                + "<p><a class=\"button strava\" href=\"/api/v1/auth/strava/login\">\(HTML.escape(s["strava.reconnect"]))</a></p>"
        }
        let sync = status.sync
        let total = status.activities?.total ?? 0, enriched = status.activities?.enriched ?? 0
        let percent = total > 0 ? Int((Double(enriched) / Double(total) * 100).rounded(.down)) : 0
        let options = periods.html { period in
            "<option value=\"\(period)\"\(period == "90" ? " selected" : "")>\(HTML.escape(s["period.\(period)"]))</option>"
        }
        let history = """
        <section class="card"><h2>\(HTML.escape(s["strava.history"]))</h2>
        <p><span class="badge">\(HTML.escape(s["strava.sync.\(sync?.status ?? "idle")"]))</span>
        \(total) \(HTML.escape(s["strava.listed"])) · \(enriched) \(HTML.escape(s["strava.enriched"]))</p>\(syncReason(status))
        \(gauge(percent: percent, level: "", role: "progressbar", label: s["strava.enriched"], now: percent, max: 100))
        <form method="post" action="/strava/sync" class="filters">\(hidden(context))
        <label>\(HTML.escape(s["strava.period"]))<select name="period">\(options)</select></label>
        <button type="submit">\(HTML.escape(s["strava.syncStart"]))</button></form>
        <form method="post" action="/strava/enrich-all">\(hidden(context))<button type="submit" class="button secondary">\(HTML.escape(s["strava.enrichAll"]))</button></form>
        </section>
        """
        var queue = "<section class=\"card\"><h2>\(HTML.escape(s["strava.queue"]))</h2>"
        if let state = model.queue, state.pending + state.running > 0 {
            queue += "<p>\(state.position ?? 0) \(HTML.escape(s["strava.position"])) · \(HTML.escape(s["strava.wait"])): "
                + "<strong>\(HTML.escape(wait(state.estimatedWaitSeconds, context: context)))</strong></p>"
                + "<p class=\"muted\">\(HTML.escape(s["strava.completion"])) \(HTML.escape(wait(state.estimatedCompletionSeconds, context: context)))</p>"
        } else {
            queue += "<p class=\"empty\">\(HTML.escape(s["strava.queueEmpty"]))</p>"
        }
        if let failed = model.queue?.failed, failed > 0 {
            queue += "<p class=\"error\">\(failed) \(HTML.escape(s["strava.failedJobs"]))"
                + (model.queue?.lastError.map { ": <span class=\"muted\">\(HTML.escape($0))</span>" } ?? "") + "</p>"
        }
        queue += "</section>"
        let disconnect = """
        <section class="card"><h2>\(HTML.escape(s["strava.disconnect"]))</h2><p class="muted">\(HTML.escape(s["strava.disconnectHint"]))</p>
        <form method="post" action="/strava/disconnect" data-confirm="\(HTML.escape(s["strava.confirmDisconnect"]))">\(hidden(context))
        <button type="submit" class="danger">\(HTML.escape(s["strava.disconnect"]))</button></form></section>
        """
        _ = f
        return "<section class=\"card\">\(account)</section>" + history + queue + disconnect
    }

    /// Usage bars of the read windows: amber from 70 %, red from 90 %.
    private static func gauges(_ quota: QuotaSnapshot, context: PageContext, now: Date) -> String {
        let s = context.strings
        let time = DateFormatter()
        time.dateFormat = "HH:mm"
        time.timeZone = TimeZone(identifier: "UTC")
        let rows = quota.windows.filter { $0.kind == "read" }.html { window in
            let share = window.limit > 0 ? Double(window.used) / Double(window.limit) : 1
            let level = share >= 0.9 ? " danger" : share >= 0.7 ? " warn" : ""
            let percent = min(100, Int((share * 100).rounded()))
            let label = s[window.period == "daily" ? "strava.quota.daily" : "strava.quota.15min"]
            return """
            <div class="meter"><span>\(HTML.escape(label)): <strong>\(window.used) / \(window.limit)</strong>
            <span class="muted">· \(HTML.escape(s["strava.quota.resets"])) \(time.string(from: window.resetsAt)) UTC</span></span>
            \(gauge(percent: percent, level: level, role: "meter", label: label, now: window.used, max: window.limit))</div>
            """
        }
        let blocked = quota.blockedUntil.map { "<p class=\"error\">\(HTML.escape(s["strava.quota.blocked"])) \(time.string(from: $0)) UTC</p>" } ?? ""
        return "<section class=\"card\"><h2>\(HTML.escape(s["strava.quota"]))</h2><p class=\"muted\">\(HTML.escape(s["strava.quota.hint"]))</p>\(blocked)\(rows)</section>"
    }

    /// A bar drawn in SVG (the page's CSP allows no inline styles).
    static func gauge(percent: Int, level: String, role: String, label: String, now: Int, max: Int) -> String {
        let width = Swift.max(0, Swift.min(100, percent))
        return "<svg class=\"gauge\(level)\" viewBox=\"0 0 100 4\" preserveAspectRatio=\"none\" role=\"\(role)\" aria-label=\"\(HTML.escape(label))\" "
            + "aria-valuemin=\"0\" aria-valuemax=\"\(max)\" aria-valuenow=\"\(now)\"><rect class=\"track\" width=\"100\" height=\"4\" rx=\"2\"/>"
            + "<rect class=\"fill\" width=\"\(width)\" height=\"4\" rx=\"2\"/></svg>"
    }

    /// "about 40 min", "about 3 h", "about 2 days".
    static func wait(_ seconds: Double?, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        guard let seconds, seconds.isFinite else { return "–" }
        if seconds < 3600 { return "\(max(1, Int((seconds / 60).rounded()))) \(s["duration.minutes"])" }
        if seconds < 2 * 86_400 { return "\(f.number(seconds / 3600, digits: 1)) \(s["duration.hours"])" }
        return "\(f.number(seconds / 86_400, digits: 1)) \(s["duration.days"])"
    }
}

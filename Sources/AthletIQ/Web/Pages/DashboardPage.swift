import AthletIQCore
import Foundation

/// The dashboard: key figures for a period, weekly volume, fitness/fatigue/form, recent activities.
enum DashboardPage {
    struct ActivityRow: Equatable {
        var id: UUID
        var name: String
        var sport: String
        var date: Date
        var distance: Double?
        var movingTime: Double?
        var speed: Double?
    }

    struct Model {
        var period: String
        var count: Int
        var distance: Double
        var movingTime: Double
        var elevation: Double
        var volumeLabels: [String]
        var volumeKilometres: [Double]
        var fitnessLabels: [String]
        var fitness: [Double?]
        var fatigue: [Double?]
        var form: [Double?]
        var status: String?
        var todayForm: Double?
        var recent: [ActivityRow]
    }

    static let periods = ["7", "30", "90", "365", "all"]

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let periodLinks = periods.html { period in
            let current = period == model.period ? " aria-current=\"true\" class=\"chip active\"" : " class=\"chip\""
            return "<a href=\"/?period=\(period)\"\(current)>\(HTML.escape(s["period.\(period)"]))</a>"
        }
        let figures = [
            (s["dashboard.activities"], String(model.count)), (s["dashboard.distance"], f.kilometres(model.distance)),
            (s["dashboard.time"], f.duration(model.movingTime)), (s["dashboard.elevation"], f.number(model.elevation) + " m"),
        ].html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let status = model.status.map { status in
            "<p class=\"status \(status)\">\(HTML.escape(s["dashboard.status"])): <strong>\(HTML.escape(s["status.\(status)"]))</strong> (\(HTML.escape(f.number(model.todayForm ?? 0, digits: 1))))</p>"
        } ?? ""
        let volume = SVGChart.bars(title: s["dashboard.volume"], labels: model.volumeLabels, values: model.volumeKilometres, unit: "km") {
            f.number($0, digits: 1) + " km"
        }
        let fitness = SVGChart.line(title: s["dashboard.fitness"], labels: model.fitnessLabels, series: [
            .init(name: s["chart.fitness"], cssClass: "fitness", values: model.fitness),
            .init(name: s["chart.fatigue"], cssClass: "fatigue", values: model.fatigue),
            .init(name: s["chart.form"], cssClass: "form", values: model.form),
        ], unit: "")
        let recent = model.recent.isEmpty
            ? "<p class=\"empty\">\(HTML.escape(s["dashboard.empty"])) <a href=\"/activities\">\(HTML.escape(s["nav.activities"]))</a></p>"
            : "<ul class=\"list\">" + model.recent.html { row(activity: $0, context: context) } + "</ul>"
        let body = """
        <h1>\(HTML.escape(s["dashboard.title"]))</h1>
        <nav class="chips" aria-label="period">\(periodLinks)</nav>
        <section class="figures">\(figures)</section>
        <section class="grid2"><div class="card"><h2>\(HTML.escape(s["dashboard.volume"]))</h2>\(volume)</div>
        <div class="card"><h2>\(HTML.escape(s["dashboard.fitness"]))</h2>\(status)\(fitness)</div></section>
        <section class="card"><h2>\(HTML.escape(s["dashboard.recent"]))</h2>\(recent)</section>
        """
        return Layout.page(title: s["dashboard.title"], context: context, body: body)
    }

    static func row(activity: ActivityRow, context: PageContext) -> String {
        let f = context.formats
        return """
        <li><a href="/activities/\(activity.id.uuidString)"><strong>\(HTML.escape(activity.name))</strong></a>
        <span class="badge">\(HTML.escape(activity.sport))</span> <span class="muted">\(HTML.escape(f.date(activity.date)))</span>
        <span>\(HTML.escape(f.kilometres(activity.distance)))</span> <span>\(HTML.escape(f.duration(activity.movingTime)))</span>
        <span>\(HTML.escape((Sport(rawValue: activity.sport)?.usesPace ?? true) ? f.pace(activity.speed) : f.speed(activity.speed)))</span></li>
        """
    }
}

/// The activity list: filters and pages.
enum ActivitiesPage {
    struct Model {
        var items: [DashboardPage.ActivityRow]
        var total: Int
        var page: Int
        var pages: Int
        var sport: String?
        var query: String?
        var sports: [String]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let options = "<option value=\"\">\(HTML.escape(s["activities.all"]))</option>"
            + model.sports.html { "<option value=\"\(HTML.escape($0))\"\($0 == model.sport ? " selected" : "")>\(HTML.escape($0))</option>" }
        let filters = """
        <form method="get" action="/activities" class="filters">
        <label>\(HTML.escape(s["activities.search"]))<input type="search" name="q" value="\(HTML.escape(model.query ?? ""))"></label>
        <label><select name="sport">\(options)</select></label><button type="submit">\(HTML.escape(s["activities.filter"]))</button></form>
        """
        let list = model.items.isEmpty
            ? "<p class=\"empty\">\(HTML.escape(s["activities.empty"]))</p>"
            : "<ul class=\"list\">" + model.items.html { DashboardPage.row(activity: $0, context: context) } + "</ul>"
        func link(_ page: Int, _ key: String) -> String {
            var items = [URLQueryItem(name: "page", value: String(page))]
            if let sport = model.sport { items.append(URLQueryItem(name: "sport", value: sport)) }
            if let query = model.query { items.append(URLQueryItem(name: "q", value: query)) }
            var components = URLComponents()
            components.path = "/activities"
            components.queryItems = items
            return "<a href=\"\(HTML.escape(components.string ?? "/activities"))\">\(HTML.escape(s[key]))</a>"
        }
        let pager = "<nav class=\"pager\">" + (model.page > 1 ? link(model.page - 1, "activities.previous") : "")
            + "<span class=\"muted\">\(model.page) / \(max(1, model.pages))</span>"
            + (model.page < model.pages ? link(model.page + 1, "activities.next") : "") + "</nav>"
        let body = "<h1>\(HTML.escape(s["activities.title"])) <span class=\"muted\">(\(model.total))</span></h1>\(filters)<section class=\"card\">\(list)</section>\(pager)"
        return Layout.page(title: s["activities.title"], context: context, body: body)
    }
}

/// Friendly error pages with a way back.
enum ErrorPages {
    static func failure(context: PageContext, requestID: String, message: String?) -> String {
        let s = context.strings
        return Layout.page(title: s["error.title"], context: context, body: """
        <section class="card narrow"><h1>\(HTML.escape(s["error.title"]))</h1><p>\(HTML.escape(message ?? s["error.text"]))</p>
        <p class="muted"><code>\(HTML.escape(requestID))</code></p>
        <p><a class="button" href="/">\(HTML.escape(s["notfound.back"]))</a></p></section>
        """)
    }

    static func notFound(context: PageContext) -> String {
        let s = context.strings
        return Layout.page(title: s["notfound.title"], context: context, body: """
        <section class="card narrow"><h1>\(HTML.escape(s["notfound.title"]))</h1><p>\(HTML.escape(s["notfound.text"]))</p>
        <p><a class="button" href="/">\(HTML.escape(s["notfound.back"]))</a></p></section>
        """)
    }
}

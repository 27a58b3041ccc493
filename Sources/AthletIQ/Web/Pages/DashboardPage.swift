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
        /// `strava`, `summary` (details not fetched yet), `record` (holds a current record).
        var badges: [String] = []
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
        /// What the volume chart shows: `distance`, `time`, `elevation`, `load` or `count`.
        var metric = "distance"
        /// `day`, `week` or `month`.
        var group = "week"
        /// A sport family, or nil for all.
        var family: String?
        /// The chart's values in the metric's unit (km, h, m, load, activities).
        var volumeValues: [Double]?
        var upcoming: [PlanResponse] = []
        var goals: [GoalService.Progress] = []
        /// Gear past the distance after which the athlete wanted to replace it.
        var gearDue: [GearService.Item] = []
        var strava: StravaStatusResponse?
    }

    static let periods = ["7", "30", "90", "365", "all"]
    static let metrics = ["distance", "time", "elevation", "load", "count"]
    static let groups = ["day", "week", "month"]
    static let families = ["running", "cycling", "swimming", "walking"]

    /// The dashboard's address with one setting changed.
    static func link(_ model: Model, period: String? = nil, metric: String? = nil, group: String? = nil, family: String?? = nil) -> String {
        var items = [URLQueryItem(name: "period", value: period ?? model.period), URLQueryItem(name: "metric", value: metric ?? model.metric),
                     URLQueryItem(name: "group", value: group ?? model.group)]
        if let chosen = family ?? model.family { items.append(URLQueryItem(name: "family", value: chosen)) }
        var components = URLComponents()
        components.path = "/"
        components.queryItems = items
        return HTML.escape(components.string ?? "/")
    }

    static func chips(_ values: [String], current: String?, label: String, key: (String) -> String, href: (String) -> String) -> String {
        "<nav class=\"chips\" aria-label=\"\(HTML.escape(label))\">" + values.html { value in
            let active = value == current ? " aria-current=\"true\" class=\"chip active\"" : " class=\"chip\""
            return "<a href=\"\(href(value))\"\(active)>\(HTML.escape(key(value)))</a>"
        } + "</nav>"
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let periodLinks = periods.html { period in
            let current = period == model.period ? " aria-current=\"true\" class=\"chip active\"" : " class=\"chip\""
            return "<a href=\"\(link(model, period: period))\"\(current)>\(HTML.escape(s["period.\(period)"]))</a>"
        }
        let sportChips = chips([""] + families, current: model.family ?? "", label: s["activities.all"],
                               key: { $0.isEmpty ? s["activities.all"] : s["family.\($0)"] },
                               href: { link(model, family: .some($0.isEmpty ? nil : $0)) })
        let metricChips = chips(metrics, current: model.metric, label: s["dashboard.metric"], key: { s["metric.\($0)"] },
                                href: { link(model, metric: $0) })
        let groupChips = chips(groups, current: model.group, label: s["dashboard.group"], key: { s["group.\($0)"] },
                               href: { link(model, group: $0) })
        let figures = [
            (s["dashboard.activities"], String(model.count)), (s["dashboard.distance"], f.kilometres(model.distance)),
            (s["dashboard.time"], f.duration(model.movingTime)), (s["dashboard.elevation"], f.number(model.elevation) + " m"),
        ].html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let status = model.status.map { status in
            "<p class=\"status \(status)\">\(HTML.escape(s["dashboard.status"])): <strong>\(HTML.escape(s["status.\(status)"]))</strong> (\(HTML.escape(f.number(model.todayForm ?? 0, digits: 1))))</p>"
        } ?? ""
        let unit = ["distance": "km", "time": "h", "elevation": "m", "load": "", "count": ""][model.metric] ?? ""
        let volume = SVGChart.bars(title: s["metric.\(model.metric)"], labels: model.volumeLabels,
                                   values: model.volumeValues ?? model.volumeKilometres, unit: unit) {
            f.number($0, digits: model.metric == "count" || model.metric == "elevation" ? 0 : 1) + (unit.isEmpty ? "" : " " + unit)
        }
        // Goals only once the athlete set some (they are set on the summaries page).
        let goals = model.goals.isEmpty ? ""
            : "<section class=\"card\">\(GoalsCard.render(model.goals, context: context, forms: false))<p><a href=\"/summaries\">\(HTML.escape(s["summaries.title"]))</a></p></section>"
        let upcoming = model.upcoming.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["dashboard.noUpcoming"])) <a href=\"/plans\">\(HTML.escape(s["nav.plans"]))</a></p>"
            : "<ul class=\"list\">" + model.upcoming.html { plan in
                "<li><a href=\"/plans/\(plan.id.uuidString)\"><strong>\(HTML.escape(plan.name))</strong></a>"
                    + "<span class=\"muted\">\(HTML.escape(f.longDay(plan.date)))</span>"
                    + (plan.distance.map { "<span>\(HTML.escape(f.kilometres($0)))</span>" } ?? "") + "</li>"
            } + "</ul>"
        var sync = ""
        if let strava = model.strava, strava.connected, let counts = strava.activities {
            let state = s["strava.sync.\(strava.sync?.status ?? "idle")"]
            sync = "<p class=\"muted sync\"><a href=\"/strava\">Strava</a>: \(HTML.escape(state)) · \(counts.enriched) / \(counts.total) \(HTML.escape(s["strava.enriched"]))</p>"
        }
        let fitness = SVGChart.line(title: s["dashboard.fitness"], labels: model.fitnessLabels, series: [
            .init(name: s["chart.fitness"], cssClass: "fitness", values: model.fitness),
            .init(name: s["chart.fatigue"], cssClass: "fatigue", values: model.fatigue),
            .init(name: s["chart.form"], cssClass: "form", values: model.form),
        ], unit: "")
        let recent = model.recent.isEmpty
            ? "<p class=\"empty\">\(HTML.escape(s["dashboard.empty"])) <a href=\"/activities\">\(HTML.escape(s["nav.activities"]))</a></p>"
            : "<ul class=\"list\">" + model.recent.html { row(activity: $0, context: context) } + "</ul>"
        // A new athlete (nothing of any sport yet) is shown the way in, not charts of zeros.
        if model.recent.isEmpty && model.family == nil {
            let body = """
            <h1>\(HTML.escape(s["dashboard.title"]))</h1>
            <section class="card welcome"><h2>\(HTML.escape(s["dashboard.welcome"]))</h2><p>\(HTML.escape(s["dashboard.welcomeText"]))</p>
            <p class="actions"><a class="button" href="/import">\(HTML.escape(s["dashboard.importFiles"]))</a>
            <a class="button secondary" href="/strava">\(HTML.escape(s["dashboard.connectStrava"]))</a></p></section>
            <section class="grid2"><div class="card"><h2>\(HTML.escape(s["dashboard.upcoming"]))</h2>\(upcoming)</div></section>
            """
            return Layout.page(title: s["dashboard.title"], context: context, body: body)
        }
        let body = """
        <h1>\(HTML.escape(s["dashboard.title"]))</h1>\(sync)\(GearPage.reminder(model.gearDue, context: context))
        <nav class="chips" aria-label="period">\(periodLinks)</nav>\(sportChips)
        <section class="figures">\(figures)</section>
        <section class="grid2"><div class="card"><h2>\(HTML.escape(s["dashboard.volumeOf"])) \(HTML.escape(s["metric.\(model.metric)"].lowercased()))</h2>
        \(metricChips)\(groupChips)\(volume)</div>
        <div class="card"><h2>\(HTML.escape(s["dashboard.fitness"]))</h2>\(status)\(fitness)
        <p><a href="/fitness">\(HTML.escape(s["fitness.longTerm"]))</a> · <a href="/curves">\(HTML.escape(s["curves.title"]))</a> · <a href="/summaries">\(HTML.escape(s["summaries.title"]))</a> · <a href="/gear">\(HTML.escape(s["gear.title"]))</a></p></div></section>
        <section class="grid2"><div class="card"><h2>\(HTML.escape(s["dashboard.recent"]))</h2>\(recent)</div>
        <div class="card"><h2>\(HTML.escape(s["dashboard.upcoming"]))</h2>\(upcoming)</div></section>\(goals)
        """
        return Layout.page(title: s["dashboard.title"], context: context, body: body)
    }

    static func badges(_ activity: ActivityRow, context: PageContext) -> String {
        activity.badges.html { badge in " <span class=\"badge \(badge)\">\(HTML.escape(context.strings["badge.\(badge)"]))</span>" }
    }

    static func row(activity: ActivityRow, context: PageContext) -> String {
        let f = context.formats
        return """
        <li><a href="/activities/\(activity.id.uuidString)"><strong>\(HTML.escape(activity.name))</strong></a>
        <span class="badge">\(HTML.escape(context.strings.sport(activity.sport)))</span>\(badges(activity, context: context)) <span class="muted">\(HTML.escape(f.date(activity.date)))</span>
        <span>\(HTML.escape(f.kilometres(activity.distance)))</span> <span>\(HTML.escape(f.duration(activity.movingTime)))</span>
        <span>\(HTML.escape((Sport(rawValue: activity.sport)?.usesPace ?? true) ? f.pace(activity.speed) : f.speed(activity.speed)))</span></li>
        """
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

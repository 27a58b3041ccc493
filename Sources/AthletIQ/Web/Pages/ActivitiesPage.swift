import AthletIQCore
import Foundation

/// The activity list: a table sortable by each column, filters (text, sport, dates, races),
/// selection with bulk actions in a toolbar, pages; on a phone each row folds into two lines.
enum ActivitiesPage {
    struct Row: Equatable {
        var id: UUID
        var name: String
        var sport: String
        var date: Date
        var distance: Double?
        var movingTime: Double?
        var speed: Double?
        var ascent: Double?
        var heartRate: Double?
        var load: Double?
        /// `strava`, `summary` (details not fetched yet), `record` (holds a current record), `race`.
        var badges: [String] = []
    }

    struct Filters: Equatable {
        var query: String?
        var sport: String?
        /// `YYYY-MM-DD`, the athlete's days, both included.
        var from: String?
        var to: String?
        var races = false
        var sort: ActivityListQuery.Sort = .date
        var ascending = false

        /// The list's address with these filters, another sort or another page.
        func link(sort: ActivityListQuery.Sort? = nil, ascending: Bool? = nil, page: Int? = nil) -> String {
            var items: [URLQueryItem] = []
            if let query { items.append(URLQueryItem(name: "q", value: query)) }
            if let sport { items.append(URLQueryItem(name: "sport", value: sport)) }
            if let from { items.append(URLQueryItem(name: "from", value: from)) }
            if let to { items.append(URLQueryItem(name: "to", value: to)) }
            if races { items.append(URLQueryItem(name: "race", value: "on")) }
            let key = sort ?? self.sort, up = ascending ?? self.ascending
            if key != .date || up { items.append(contentsOf: [URLQueryItem(name: "sort", value: key.rawValue), URLQueryItem(name: "order", value: up ? "asc" : "desc")]) }
            if let page, page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
            var components = URLComponents()
            components.path = "/activities"
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? "/activities"
        }

        var isFiltered: Bool { query != nil || sport != nil || from != nil || to != nil || races }
    }

    struct Model {
        var items: [Row]
        var total: Int
        var page: Int
        var pages: Int
        var filters = Filters()
        var message: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let message = model.message.map { "<p class=\"flash\" role=\"status\">\(HTML.escape(s[$0]))</p>" } ?? ""
        let content = model.items.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["activities.empty"]))</p>"
            : toolbar(context: context) + table(model, context: context)
        let body = "<h1>\(HTML.escape(s["activities.title"])) <span class=\"muted\">(\(model.total))</span></h1>\(message)"
            + filters(model.filters, context: context) + "<section class=\"card\">\(content)</section>" + pager(model, context: context)
        return Layout.page(title: s["activities.title"], context: context, body: body)
    }

    private static func filters(_ filters: Filters, context: PageContext) -> String {
        let s = context.strings
        let options = "<option value=\"\">\(HTML.escape(s["activities.all"]))</option>" + Sport.allCases.html {
            "<option value=\"\($0.rawValue)\"\($0.rawValue == filters.sport ? " selected" : "")>\(HTML.escape(s.sport($0.rawValue)))</option>"
        }
        let sortFields = filters.sort == .date && !filters.ascending ? ""
            : "<input type=\"hidden\" name=\"sort\" value=\"\(filters.sort.rawValue)\"><input type=\"hidden\" name=\"order\" value=\"\(filters.ascending ? "asc" : "desc")\">"
        return """
        <form method="get" action="/activities" class="filters listfilters">
        <label>\(HTML.escape(s["activities.search"]))<input type="search" name="q" value="\(HTML.escape(filters.query ?? ""))"></label>
        <label>\(HTML.escape(s["activities.sport"]))<select name="sport">\(options)</select></label>
        <label>\(HTML.escape(s["activities.from"]))<input type="date" name="from" value="\(HTML.escape(filters.from ?? ""))"></label>
        <label>\(HTML.escape(s["activities.to"]))<input type="date" name="to" value="\(HTML.escape(filters.to ?? ""))"></label>
        <label class="check"><input type="checkbox" name="race" value="on"\(filters.races ? " checked" : "")> \(HTML.escape(s["activities.racesOnly"]))</label>
        \(sortFields)<button type="submit">\(HTML.escape(s["activities.filter"]))</button>\(filters.isFiltered ? "<a href=\"/activities\">\(HTML.escape(s["activities.reset"]))</a>" : "")</form>
        """
    }

    /// Bulk actions on the ticked rows (the boxes belong to this form through their `form` attribute).
    private static func toolbar(context: PageContext) -> String {
        let s = context.strings
        return """
        <form id="bulk" method="post" action="/activities/bulk" class="toolbar" data-confirm="\(HTML.escape(s["activities.confirmBulk"]))">
        <input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))">
        <label>\(HTML.escape(s["activities.bulk"]))<select name="action"><option value="">–</option><option value="delete">\(HTML.escape(s["activities.bulkDelete"]))</option>
        \(Sport.allCases.html { "<option value=\"sport:\($0.rawValue)\">\(HTML.escape(s["activities.bulkSport"])) \(HTML.escape(s.sport($0.rawValue)))</option>" })</select></label>
        <button type="submit" class="button secondary">\(HTML.escape(s["activities.apply"]))</button></form>
        """
    }

    private static func table(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats, filters = model.filters
        // Names and sports read A to Z first; figures and dates biggest or newest first.
        func header(_ key: ActivityListQuery.Sort, _ title: String, numeric: Bool = true) -> String {
            let active = filters.sort == key
            let ascending = active ? !filters.ascending : (key == .name || key == .sport)
            let sorted = active ? " aria-sort=\"\(filters.ascending ? "ascending" : "descending")\"" : ""
            let arrow = active ? (filters.ascending ? " ▲" : " ▼") : ""
            return "<th\(sorted)\(numeric ? " class=\"num\"" : "")><a href=\"\(HTML.escape(filters.link(sort: key, ascending: ascending)))\">\(HTML.escape(title))\(arrow)</a></th>"
        }
        let head = "<thead><tr><th><input type=\"checkbox\" data-select-all=\"bulk\" aria-label=\"\(HTML.escape(s["activities.selectAll"]))\" hidden></th>"
            + header(.date, s["activities.date"], numeric: false) + header(.name, s["activities.name"], numeric: false)
            + header(.sport, s["activities.sport"], numeric: false) + header(.distance, s["activity.distance"])
            + header(.time, s["activity.time"]) + header(.speed, s["activities.paceOrSpeed"]) + header(.climb, s["activity.climb"])
            + header(.heartRate, s["activities.heartRate"]) + header(.load, s["activity.load"]) + "</tr></thead>"
        let rows = model.items.html { row in
            let pace = (Sport(rawValue: row.sport)?.usesPace ?? true) ? f.pace(row.speed) : f.speed(row.speed)
            let badges = row.badges.html { " <span class=\"badge \($0)\">\(HTML.escape(s["badge.\($0)"]))</span>" }
            return "<tr><td><input type=\"checkbox\" name=\"ids[]\" value=\"\(row.id.uuidString)\" form=\"bulk\" aria-label=\"\(HTML.escape(s["activities.select"])) \(HTML.escape(row.name))\"></td>"
                + "<td class=\"date\">\(HTML.escape(f.date(row.date)))</td>"
                + "<td class=\"name\"><a href=\"/activities/\(row.id.uuidString)\">\(HTML.escape(row.name))</a>\(badges)</td>"
                + "<td class=\"sport\">\(HTML.escape(s.sport(row.sport)))</td>"
                + "<td class=\"num\">\(HTML.escape(f.kilometres(row.distance)))</td><td class=\"num\">\(HTML.escape(f.duration(row.movingTime)))</td>"
                + "<td class=\"num\">\(HTML.escape(pace))</td>"
                + "<td class=\"num extra\">\(HTML.escape(row.ascent.map { f.number($0) + " m" } ?? "–"))</td>"
                + "<td class=\"num extra\">\(HTML.escape(row.heartRate.map { f.number($0) } ?? "–"))</td>"
                + "<td class=\"num extra\">\(HTML.escape(row.load.map { f.number($0) } ?? "–"))</td></tr>"
        }
        return "<div class=\"scroll\"><table class=\"activities\">\(head)<tbody>\(rows)</tbody></table></div>"
    }

    private static func pager(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        func link(_ page: Int, _ key: String) -> String {
            "<a href=\"\(HTML.escape(model.filters.link(page: page)))\">\(HTML.escape(s[key]))</a>"
        }
        return "<nav class=\"pager\">" + (model.page > 1 ? link(model.page - 1, "activities.previous") : "")
            + "<span class=\"muted\">\(model.page) / \(max(1, model.pages))</span>"
            + (model.page < model.pages ? link(model.page + 1, "activities.next") : "") + "</nav>"
    }
}

import AthletIQCore
import Foundation

/// The activity list: filters, pages, badges, the sport corrected in place, and bulk actions.
enum ActivitiesPage {
    struct Model {
        var items: [DashboardPage.ActivityRow]
        var total: Int
        var page: Int
        var pages: Int
        var sport: String?
        var query: String?
        var sports: [String]
        var message: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let options = "<option value=\"\">\(HTML.escape(s["activities.all"]))</option>"
            + model.sports.html { "<option value=\"\(HTML.escape($0))\"\($0 == model.sport ? " selected" : "")>\(HTML.escape($0))</option>" }
        let filters = """
        <form method="get" action="/activities" class="filters">
        <label>\(HTML.escape(s["activities.search"]))<input type="search" name="q" value="\(HTML.escape(model.query ?? ""))"></label>
        <label><select name="sport" aria-label="\(HTML.escape(s["activities.sport"]))">\(options)</select></label><button type="submit">\(HTML.escape(s["activities.filter"]))</button></form>
        """
        func sportSelect(_ current: String, form: String) -> String {
            "<select name=\"sport\" form=\"\(form)\" aria-label=\"\(HTML.escape(s["activities.sport"]))\">"
                + Sport.allCases.html { "<option value=\"\($0.rawValue)\"\($0.rawValue == current ? " selected" : "")>\(HTML.escape($0.rawValue))</option>" }
                + "</select>"
        }
        // Each row's sport has its own little form (outside the list, tied by the form attribute).
        let rowForms = model.items.html { row in
            "<form id=\"sport-\(row.id.uuidString)\" method=\"post\" action=\"/activities/\(row.id.uuidString)/sport\">\(token)</form>"
        }
        let list = model.items.isEmpty
            ? "<p class=\"empty\">\(HTML.escape(s["activities.empty"]))</p>"
            : "<ul class=\"list activities\">" + model.items.html { row in
                """
                <li><input type="checkbox" name="ids[]" value="\(row.id.uuidString)" form="bulk" aria-label="\(HTML.escape(s["activities.select"])) \(HTML.escape(row.name))">
                <a href="/activities/\(row.id.uuidString)"><strong>\(HTML.escape(row.name))</strong></a>\(DashboardPage.badges(row, context: context))
                <span class="muted">\(HTML.escape(f.date(row.date)))</span> <span>\(HTML.escape(f.kilometres(row.distance)))</span>
                <span>\(HTML.escape(f.duration(row.movingTime)))</span>
                <span>\(HTML.escape((Sport(rawValue: row.sport)?.usesPace ?? true) ? f.pace(row.speed) : f.speed(row.speed)))</span>
                <span class="inline-sport">\(sportSelect(row.sport, form: "sport-\(row.id.uuidString)"))<button type="submit" form="sport-\(row.id.uuidString)" class="button secondary">\(HTML.escape(s["activities.save"]))</button></span></li>
                """
            } + "</ul>"
        let bulk = model.items.isEmpty ? "" : """
        <form id="bulk" method="post" action="/activities/bulk" class="filters" data-confirm="\(HTML.escape(s["activities.confirmBulk"]))">\(token)
        <label>\(HTML.escape(s["activities.bulk"]))<select name="action"><option value="">–</option><option value="delete">\(HTML.escape(s["activities.bulkDelete"]))</option>
        \(Sport.allCases.html { "<option value=\"sport:\($0.rawValue)\">\(HTML.escape(s["activities.bulkSport"])) \(HTML.escape($0.rawValue))</option>" })</select></label>
        <button type="submit" class="button secondary">\(HTML.escape(s["activities.apply"]))</button></form>
        """
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
        let message = model.message.map { "<p class=\"flash\" role=\"status\">\(HTML.escape(s[$0]))</p>" } ?? ""
        let body = "<h1>\(HTML.escape(s["activities.title"])) <span class=\"muted\">(\(model.total))</span></h1>\(message)\(filters)"
            + "<section class=\"card\">\(list)\(bulk)</section>\(rowForms)\(pager)"
        return Layout.page(title: s["activities.title"], context: context, body: body)
    }
}

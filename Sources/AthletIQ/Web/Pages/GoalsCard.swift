import AthletIQCore
import Foundation

/// The athlete's goals with a bar each, on the dashboard and (with the forms) the summaries page.
enum GoalsCard {
    static func render(_ goals: [GoalService.Progress], context: PageContext, forms: Bool) -> String {
        let s = context.strings, f = context.formats
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        func amount(_ value: Double, _ metric: String) -> String {
            switch metric {
            case "time": return f.duration(value)
            case "count": return f.number(value)
            default: return f.kilometres(value)
            }
        }
        let items = goals.html { progress in
            let goal = progress.goal
            let family = goal.family.map { s["family." + $0] } ?? s["activities.all"]
            let title = "\(family) · \(s["goals.per." + goal.period])"
            let remove = forms && goal.id != nil
                ? "<form method=\"post\" action=\"/goals/\(goal.id?.uuidString ?? "")/delete\" class=\"inline\">\(token)<button type=\"submit\" class=\"link\">\(HTML.escape(s["goals.remove"]))</button></form>"
                : ""
            return "<li><strong>\(HTML.escape(title))</strong> <span>\(HTML.escape(amount(progress.done, goal.metric))) / \(HTML.escape(amount(goal.target, goal.metric)))</span> \(remove)"
                + "<progress max=\"\(goal.target)\" value=\"\(min(progress.done, goal.target))\">\(Int(100 * progress.done / goal.target)) %</progress></li>"
        }
        var html = goals.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["goals.none"]))</p>" : "<ul class=\"list goals\">\(items)</ul>"
        if forms {
            let families = "<option value=\"\">\(HTML.escape(s["activities.all"]))</option>" + SummariesPage.families.html {
                "<option value=\"\($0)\">\(HTML.escape(s["family." + $0]))</option>"
            }
            html += """
            <form method="post" action="/goals" class="filters">\(token)
            <label>\(HTML.escape(s["goals.target"]))<input type="text" name="target" inputmode="decimal" required></label>
            <label>\(HTML.escape(s["goals.metric"]))<select name="metric"><option value="distance">km</option><option value="time">\(HTML.escape(s["goals.hours"]))</option><option value="count">\(HTML.escape(s["metric.count"]))</option></select></label>
            <label>\(HTML.escape(s["summaries.group"]))<select name="period"><option value="week">\(HTML.escape(s["goals.per.week"]))</option><option value="year">\(HTML.escape(s["goals.per.year"]))</option></select></label>
            <label>\(HTML.escape(s["activities.sport"]))<select name="family">\(families)</select></label>
            <button type="submit">\(HTML.escape(s["goals.add"]))</button></form>
            """
        }
        return "<h2>\(HTML.escape(s["goals.title"]))</h2>\(html)"
    }
}

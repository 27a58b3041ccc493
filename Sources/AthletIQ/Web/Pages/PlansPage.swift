import AthletIQCore
import Foundation

/// The plan: a month calendar with sessions and what was done, planning a session, plan against
/// reality by week, the coach-file import with its report, the calendar feed and Google Calendar.
enum PlansPage {
    struct Model {
        var month: String
        var today: String
        var calendar: PlanCalendarResponse
        var comparison: PlanComparisonResponse
        var feedURL: String?
        var googleConfigured = false
        var googleConnected = false
        var calendars: [GoogleCalendarClient.CalendarEntry] = []
        var report: PlanImportReport?
        /// A string key (or a full message) to show at the top.
        var message: String?
        var isError = false
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let message = model.message.map { text in
            let shown = s[text]
            return model.isError ? "<p class=\"error\" role=\"alert\">\(HTML.escape(shown))</p>" : "<p class=\"flash\" role=\"status\">\(HTML.escape(shown))</p>"
        } ?? ""
        let previous = String(PlanDates.adding(-1, to: model.month + "-01").prefix(7))
        let next = String(PlanDates.adding(32, to: model.month + "-01").prefix(7))
        let title = monthTitle(model.month, context: context)
        let navigation = """
        <nav class="monthnav"><a href="/plans?month=\(previous)" aria-label="\(HTML.escape(s["plans.previous"]))">‹</a>
        <h2>\(HTML.escape(title))</h2><a href="/plans?month=\(next)" aria-label="\(HTML.escape(s["plans.next"]))">›</a></nav>
        """
        let body = """
        <h1>\(HTML.escape(s["plans.title"]))</h1>\(message)
        <section class="card">\(navigation)\(grid(model, context: context))</section>
        <details class="card"\(model.calendar.days.contains { !$0.sessions.isEmpty } ? "" : " open")><summary><strong>\(HTML.escape(s["plans.new"]))</strong></summary>
        \(form(action: "/plans/new", values: [:], context: context, submit: s["plans.create"], defaultDate: model.today))</details>
        \(comparison(model.comparison, context: context))
        \(importSection(model, context: context))
        \(feedSection(model, context: context))
        \(googleSection(model, context: context))
        """
        return Layout.page(title: s["plans.title"], context: context, body: body)
    }

    static func monthTitle(_ month: String, context: PageContext) -> String {
        guard let date = PlanDates.date(month + "-01") else { return month }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: context.language == .fr ? "fr_FR" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "LLLL yyyy"
        let text = formatter.string(from: date)
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func status(of session: PlanResponse, in comparison: PlanComparisonResponse) -> String {
        comparison.sessions.first { $0.plan.id == session.id }?.status ?? "upcoming"
    }

    static func grid(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let headers = (1...7).html { "<div class=\"weekday\" aria-hidden=\"true\">\(HTML.escape(s["weekday.\($0)"]))</div>" }
        let cells = model.calendar.days.html { day in
            let inMonth = day.date.hasPrefix(model.month)
            var classes = "day" + (inMonth ? "" : " outside") + (day.date == model.today ? " today" : "")
            if day.sessions.isEmpty && day.activities.isEmpty { classes += " free" }
            let sessions = day.sessions.html { session in
                let state = status(of: session, in: model.comparison)
                var facts: [String] = []
                if let distance = session.distance { facts.append(f.kilometres(distance)) }
                if let duration = session.duration { facts.append(f.duration(duration)) }
                if let zone = session.zone { facts.append("Z\(zone)") }
                return "<li class=\"session \(state)\"><a href=\"/plans/\(session.id.uuidString)\">\(HTML.escape(session.name))</a>"
                    + "<span class=\"muted\"> \(HTML.escape(facts.joined(separator: " · ")))</span>"
                    + "<span class=\"visually-hidden\"> (\(HTML.escape(s["plans.status.\(state)"])))</span></li>"
            }
            let activities = day.activities.html { activity in
                "<li class=\"done-activity\"><a href=\"/activities/\(activity.id.uuidString)\">✓ \(HTML.escape(activity.name))</a>"
                    + "<span class=\"muted\"> \(HTML.escape(f.kilometres(activity.distance)))</span></li>"
            }
            let number = Int(day.date.suffix(2)) ?? 0
            let label = HTML.escape(f.longDay(day.date))
            return "<div class=\"\(classes)\"><span class=\"date\" aria-label=\"\(label)\">\(number)</span><ul>\(sessions)\(activities)</ul></div>"
        }
        let empty = model.calendar.days.allSatisfy { $0.sessions.isEmpty } ? "<p class=\"empty\">\(HTML.escape(s["plans.empty"]))</p>" : ""
        return "\(empty)<div class=\"month\">\(headers)\(cells)</div>"
    }

    /// The session form, for a new session or an existing one (`values` by field name).
    static func form(action: String, values given: [String: String], context: PageContext, submit: String, defaultDate: String) -> String {
        let s = context.strings
        var values = given
        if values["date"] == nil { values["date"] = defaultDate }
        func field(_ name: String, _ label: String, type: String = "text", extra: String = "") -> String {
            "<label>\(HTML.escape(s[label]))<input type=\"\(type)\" name=\"\(name)\" value=\"\(HTML.escape(values[name] ?? ""))\"\(extra)></label>"
        }
        let types = WorkoutType.allCases.html { type in
            "<option value=\"\(type.rawValue)\"\(values["type"] == type.rawValue ? " selected" : "")>\(HTML.escape(s["type.\(type.rawValue)"]))</option>"
        }
        let zones = "<option value=\"\"></option>" + (1...5).html { "<option value=\"\($0)\"\(values["zone"] == String($0) ? " selected" : "")>Z\($0)</option>" }
        return """
        <form method="post" action="\(action)" class="planform"><input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))">
        <div class="fields">\(field("date", "plans.date", type: "date", extra: " required"))
        <label>\(HTML.escape(s["plans.type"]))<select name="type">\(types)</select></label>
        \(field("name", "plans.name", extra: " maxlength=\"200\""))\(field("time", "plans.time", type: "time"))
        \(field("distance_km", "plans.distance", extra: " inputmode=\"decimal\""))\(field("duration", "plans.duration"))
        \(field("pace", "plans.pace", extra: " placeholder=\"5:30\""))<label>\(HTML.escape(s["plans.zone"]))<select name="zone">\(zones)</select></label>
        \(field("elevation", "plans.elevation", extra: " inputmode=\"numeric\""))\(field("rpe", "plans.rpe", type: "number", extra: " min=\"1\" max=\"10\""))</div>
        <label>\(HTML.escape(s["plans.description"]))<textarea name="description" rows="2">\(HTML.escape(values["description"] ?? ""))</textarea></label>
        <label>\(HTML.escape(s["plans.notes"]))<textarea name="coach_notes" rows="2">\(HTML.escape(values["coach_notes"] ?? ""))</textarea></label>
        <button type="submit">\(HTML.escape(submit))</button></form>
        """
    }

    static func comparison(_ comparison: PlanComparisonResponse, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let weeks = comparison.weeks.filter { $0.plannedSessions > 0 || $0.activities > 0 }
        guard !weeks.isEmpty else { return "" }
        let rows = weeks.html { week in
            "<tr><td>\(HTML.escape(f.week(from: week.start)))</td><td>\(week.completedSessions) / \(week.plannedSessions)</td>"
                + "<td>\(HTML.escape(f.kilometres(week.plannedDistance)))</td><td>\(HTML.escape(f.kilometres(week.actualDistance)))</td></tr>"
        }
        let rate = comparison.completionRate.map { "<p>\(HTML.escape(s["plans.completion"])): <strong>\(HTML.escape(f.number($0, digits: 0))) %</strong></p>" } ?? ""
        return """
        <section class="card"><h2>\(HTML.escape(s["plans.vsActual"]))</h2>\(rate)<div class="scroll"><table>
        <thead><tr><th>\(HTML.escape(s["plans.week"]))</th><th>\(HTML.escape(s["plans.sessions"]))</th><th>\(HTML.escape(s["plans.plannedKm"]))</th><th>\(HTML.escape(s["plans.actualKm"]))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div></section>
        """
    }

    static func importSection(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        var report = ""
        if let result = model.report {
            report = "<h3>\(HTML.escape(s["plans.report"]))</h3><p>\(result.imported) \(HTML.escape(s["plans.status.imported"].lowercased())) · "
                + "\(result.updated) \(HTML.escape(s["plans.status.updated"].lowercased())) · \(result.skipped) \(HTML.escape(s["plans.status.skipped"].lowercased()))</p>"
                + "<div class=\"scroll\"><table><tbody>" + result.rows.html { row in
                    "<tr><td>\(HTML.escape(s["plans.line"])) \(row.line)</td><td class=\"\(row.status.rawValue)\">\(HTML.escape(s["plans.status.\(row.status.rawValue)"]))</td>"
                        + "<td class=\"muted\">\(HTML.escape(row.message ?? ""))</td></tr>"
                } + "</tbody></table></div>"
        }
        return """
        <section class="card"><h2>\(HTML.escape(s["plans.import"]))</h2><p class="muted">\(HTML.escape(s["plans.importHint"]))</p>
        <form method="post" action="/plans/import?_csrf=\(HTML.escape(context.csrfToken ?? ""))" enctype="multipart/form-data" class="filters">
        <label><input type="file" name="file" accept=".tsv,.csv,.txt" required></label>
        <label>\(HTML.escape(s["plans.planName"]))<input type="text" name="plan" maxlength="60"></label>
        <button type="submit">\(HTML.escape(s["plans.importSubmit"]))</button></form>\(report)</section>
        """
    }

    static func feedSection(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        guard let url = model.feedURL else { return "" }
        return """
        <section class="card"><h2>\(HTML.escape(s["plans.feed"]))</h2><p class="muted">\(HTML.escape(s["plans.feedHint"]))</p>
        <input type="text" readonly value="\(HTML.escape(url))" aria-label="\(HTML.escape(s["plans.feed"]))" class="copy">
        <form method="post" action="/plans/feed/regenerate"><input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))">
        <button type="submit" class="button secondary">\(HTML.escape(s["plans.regenerate"]))</button></form></section>
        """
    }

    static func googleSection(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        guard model.googleConfigured else { return "" }
        guard model.googleConnected else {
            return "<section class=\"card\"><h2>\(HTML.escape(s["plans.google"]))</h2><p><a class=\"button\" href=\"/api/v1/google/calendar/connect\">\(HTML.escape(s["plans.googleConnect"]))</a></p></section>"
        }
        let options = model.calendars.html { calendar in
            "<option value=\"\(HTML.escape(calendar.id))\"\(calendar.primary == true ? " selected" : "")>\(HTML.escape(calendar.summary ?? calendar.id))</option>"
        }
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let select = "<label>\(HTML.escape(s["plans.calendar"]))<select name=\"calendar_id\">\(options)</select></label>"
        return """
        <section class="card"><h2>\(HTML.escape(s["plans.google"]))</h2>
        <form method="post" action="/plans/google/export" class="filters">\(token)\(select)<button type="submit">\(HTML.escape(s["plans.googleExport"]))</button></form>
        <form method="post" action="/plans/google/import" class="filters">\(token)\(select)<button type="submit" class="button secondary">\(HTML.escape(s["plans.googleImport"]))</button></form>
        </section>
        """
    }
}

extension Formats {
    /// "Tuesday 8 December 2026" for a `YYYY-MM-DD` day.
    func longDay(_ day: String) -> String {
        guard let date = PlanDates.date(day) else { return day }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .full
        return formatter.string(from: date)
    }
}

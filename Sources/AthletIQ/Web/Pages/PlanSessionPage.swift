import AthletIQCore
import Foundation

/// One planned session: its form, done or not, what it was matched with, delete.
enum PlanSessionPage {
    struct Model {
        var session: PlanComparisonResponse.Session
        /// The activities of that day, to link one by hand.
        var sameDay: [ActivityBrief]
        var message: String?
        var isError = false
    }

    static func values(_ plan: PlanResponse) -> [String: String] {
        var values: [String: String] = ["date": plan.date, "type": plan.type, "name": plan.name]
        values["time"] = plan.time
        values["distance_km"] = plan.distance.map { String(format: "%g", $0 / 1000) }
        values["duration"] = plan.duration.map { seconds in
            let total = Int(seconds)
            return total >= 3600 ? String(format: "%dh%02d", total / 3600, total / 60 % 60) : "\(total / 60)min"
        }
        values["pace"] = plan.targetSpeed.map { speed in
            let seconds = Int((1000 / speed).rounded())
            return String(format: "%d:%02d", seconds / 60, seconds % 60)
        }
        values["zone"] = plan.zone.map(String.init)
        values["rpe"] = plan.rpe.map(String.init)
        values["elevation"] = plan.elevationGain.map { String(Int($0)) }
        values["description"] = plan.description
        values["coach_notes"] = plan.coachNotes
        return values
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let plan = model.session.plan
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let message = model.message.map { text in
            model.isError ? "<p class=\"error\" role=\"alert\">\(HTML.escape(s[text]))</p>" : "<p class=\"flash\" role=\"status\">\(HTML.escape(s[text]))</p>"
        } ?? ""
        var outcome = "<p><span class=\"badge session-status \(model.session.status)\">\(HTML.escape(s["plans.status.\(model.session.status)"]))</span></p>"
        if let activity = model.session.activity {
            outcome += "<p>\(HTML.escape(s["plans.matched"])) <a href=\"/activities/\(activity.id.uuidString)\">\(HTML.escape(activity.name))</a>"
                + " · \(HTML.escape(f.kilometres(activity.distance))) · \(HTML.escape(f.duration(activity.duration)))</p>"
            if let score = model.session.completionScore {
                outcome += "<p>\(HTML.escape(s["plans.score"])): <strong>\(HTML.escape(f.number(score))) / 100</strong></p>"
            }
            outcome += "<form method=\"post\" action=\"/plans/\(plan.id.uuidString)/unlink\">\(token)<button type=\"submit\" class=\"button secondary\">\(HTML.escape(s["plans.unlink"]))</button></form>"
        } else if !model.sameDay.isEmpty {
            let options = model.sameDay.html { "<option value=\"\($0.id.uuidString)\">\(HTML.escape($0.name)) · \(HTML.escape(f.kilometres($0.distance)))</option>" }
            outcome += "<form method=\"post\" action=\"/plans/\(plan.id.uuidString)/link\" class=\"filters\">\(token)"
                + "<label>\(HTML.escape(s["plans.link"]))<select name=\"activity_id\">\(options)</select></label>"
                + "<button type=\"submit\" class=\"button secondary\">\(HTML.escape(s["plans.link"]))</button></form>"
        } else {
            outcome += "<p class=\"muted\">\(HTML.escape(s["plans.noActivity"]))</p>"
        }
        let body = """
        <p><a href="/plans?month=\(plan.date.prefix(7))">‹ \(HTML.escape(s["plans.back"]))</a></p>
        <h1>\(HTML.escape(plan.name))</h1>\(message)
        <section class="card"><p class="muted">\(HTML.escape(f.longDay(plan.date)))\(plan.time.map { " · \($0) UTC" } ?? "")</p>\(outcome)
        <form method="post" action="/plans/\(plan.id.uuidString)/complete">\(token)<input type="hidden" name="completed" value="\(plan.completed ? "false" : "true")">
        <button type="submit">\(HTML.escape(s[plan.completed ? "plans.markUndone" : "plans.markDone"]))</button></form></section>
        <section class="card">\(PlansPage.form(action: "/plans/\(plan.id.uuidString)", values: values(plan), context: context, submit: s["plans.save"], defaultDate: plan.date))</section>
        <section class="card"><form method="post" action="/plans/\(plan.id.uuidString)/delete" data-confirm="\(HTML.escape(s["plans.confirmDelete"]))">\(token)
        <button type="submit" class="danger">\(HTML.escape(s["plans.delete"]))</button></form></section>
        """
        return Layout.page(title: plan.name, context: context, body: body)
    }
}

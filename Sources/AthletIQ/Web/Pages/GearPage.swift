import AthletIQCore
import Foundation

/// The athlete's shoes, bikes and other gear: what each has done, how far it is from the
/// distance after which to replace it, its defaults; forms to add, change, retire or remove.
enum GearPage {
    struct Model {
        var items: [GearService.Item]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let inUse = model.items.filter { $0.gear.retiredAt == nil }, retired = model.items.filter { $0.gear.retiredAt != nil }
        let due = reminder(inUse.filter(\.isDue), context: context)
        let list = inUse.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["gear.none"]))</p>" : "<ul class=\"list gear\">\(inUse.html { item($0, context: context) })</ul>"
        var body = "<h1>\(HTML.escape(s["gear.title"]))</h1>\(due)<section class=\"card\">\(list)</section>"
        body += "<section class=\"card\"><h2>\(HTML.escape(s["gear.add"]))</h2>\(form(nil, context: context))</section>"
        if !retired.isEmpty {
            body += "<section class=\"card\"><h2>\(HTML.escape(s["gear.retired"]))</h2><ul class=\"list gear\">\(retired.html { item($0, context: context) })</ul></section>"
        }
        return Layout.page(title: s["gear.title"], context: context, body: body)
    }

    /// Gear past its replacement distance, said in words (the dashboard shows it too).
    static func reminder(_ due: [GearService.Item], context: PageContext) -> String {
        guard !due.isEmpty else { return "" }
        let s = context.strings, f = context.formats
        let lines = due.html { item in
            let text = String(format: s["gear.due"], item.gear.name, f.kilometres(item.distance), f.kilometres(item.gear.retireDistance))
            return "<li><a href=\"/gear#gear-\(item.gear.id?.uuidString ?? "")\">\(HTML.escape(text))</a></li>"
        }
        return "<section class=\"card warn\" role=\"status\"><ul class=\"list\">\(lines)</ul></section>"
    }

    private static func item(_ item: GearService.Item, context: PageContext) -> String {
        let s = context.strings, f = context.formats, gear = item.gear
        let id = gear.id?.uuidString ?? ""
        let made = [gear.brand, gear.model].compactMap { $0 }.joined(separator: " ")
        var facts = [String(format: s["gear.activities"], item.activities), f.kilometres(item.distance), f.duration(item.movingTime)]
        if let last = item.lastUsed { facts.append(String(format: s["gear.lastUsed"], f.day(last))) }
        let defaults = gear.defaultSportList.map { s.sport($0) }
        var html = "<li id=\"gear-\(id)\"><strong>\(HTML.escape(gear.name))</strong> <span class=\"badge\">\(HTML.escape(s["gear.kind." + gear.kind]))</span>"
        if !made.isEmpty { html += " <span class=\"muted\">\(HTML.escape(made))</span>" }
        html += "<br><span>\(HTML.escape(facts.joined(separator: " · ")))</span>"
        if !defaults.isEmpty { html += "<br><span class=\"muted\">\(HTML.escape(s["gear.defaultFor"])) \(HTML.escape(defaults.joined(separator: ", ")))</span>" }
        if let limit = gear.retireDistance, limit > 0 {
            html += "<progress max=\"\(limit)\" value=\"\(min(item.distance, limit))\">\(Int(100 * item.distance / limit)) %</progress>"
                + "<span class=\"muted\">\(HTML.escape(String(format: s["gear.ofLimit"], f.kilometres(limit))))</span>"
        }
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let retire = "<form method=\"post\" action=\"/gear/\(id)/retire\" class=\"inline\">\(token)<input type=\"hidden\" name=\"retired\" value=\"\(gear.retiredAt == nil)\">"
            + "<button type=\"submit\" class=\"link\">\(HTML.escape(s[gear.retiredAt == nil ? "gear.retire" : "gear.unretire"]))</button></form>"
        let remove = "<form method=\"post\" action=\"/gear/\(id)/delete\" class=\"inline\">\(token)<button type=\"submit\" class=\"link\">\(HTML.escape(s["gear.delete"]))</button></form>"
        html += "<details><summary>\(HTML.escape(s["gear.edit"]))</summary>\(form(gear, context: context))</details> \(retire) \(remove)</li>"
        return html
    }

    /// The sports a kind of gear is the default for: its families' sports.
    static func sports(forKind kind: String) -> [Sport] {
        switch kind {
        case "shoes": return Sport.allCases.filter { [.running, .walking].contains($0.family) }
        case "bike": return Sport.allCases.filter { $0.family == .cycling }
        default: return Sport.allCases.filter { ![.running, .walking, .cycling].contains($0.family) }
        }
    }

    /// The add form (`gear` nil) or the change form of one piece; distances in km.
    private static func form(_ gear: Gear?, context: PageContext) -> String {
        let s = context.strings
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let kinds = GearService.kinds.html { kind in
            "<option value=\"\(kind)\"\(kind == (gear?.kind ?? "shoes") ? " selected" : "")>\(HTML.escape(s["gear.kind." + kind]))</option>"
        }
        func km(_ metres: Double?) -> String { metres.map { $0 > 0 ? String(format: "%g", ($0 / 100).rounded() / 10) : "" } ?? "" }
        let chosen = Set(gear?.defaultSportList ?? [])
        // Without the kind, every sport is offered: the athlete picks the kind in the same form.
        let offered = gear.map { sports(forKind: $0.kind) } ?? Sport.allCases.filter { [.running, .walking, .cycling].contains($0.family) }
        let defaults = offered.html { sport in
            "<label class=\"check\"><input type=\"checkbox\" name=\"default_sports[]\" value=\"\(sport.rawValue)\"\(chosen.contains(sport.rawValue) ? " checked" : "")> \(HTML.escape(s.sport(sport.rawValue)))</label>"
        }
        let action = gear.flatMap(\.id).map { "/gear/\($0.uuidString)" } ?? "/gear"
        return """
        <form method="post" action="\(action)" class="planform">\(token)<div class="fields">
        <label>\(HTML.escape(s["gear.name"]))<input type="text" name="name" value="\(HTML.escape(gear?.name ?? ""))" maxlength="100" required></label>
        <label>\(HTML.escape(s["gear.kind"]))<select name="kind">\(kinds)</select></label>
        <label>\(HTML.escape(s["gear.brand"]))<input type="text" name="brand" value="\(HTML.escape(gear?.brand ?? ""))" maxlength="100"></label>
        <label>\(HTML.escape(s["gear.model"]))<input type="text" name="model" value="\(HTML.escape(gear?.model ?? ""))" maxlength="100"></label>
        <label>\(HTML.escape(s["gear.initialKm"]))<input type="text" name="initial_km" inputmode="decimal" value="\(km(gear?.initialDistance))"></label>
        <label>\(HTML.escape(s["gear.retireKm"]))<input type="text" name="retire_km" inputmode="decimal" value="\(km(gear?.retireDistance))" placeholder="\(gear?.kind == "bike" ? "" : "800")"></label>
        </div><fieldset class="checks"><legend>\(HTML.escape(s["gear.defaults"]))</legend>\(defaults)</fieldset>
        <button type="submit">\(HTML.escape(s[gear == nil ? "gear.create" : "gear.save"]))</button></form>
        """
    }
}

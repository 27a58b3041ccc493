import AthletIQCore
import Foundation

/// Settings: profile, language and theme; physiology and zones; password; signed-in devices;
/// data export and the deletions, each confirmed by a typed phrase.
enum SettingsPage {
    struct Model {
        var name: String
        var locale: String?
        var theme: String?
        /// The IANA name of the athlete's time zone.
        var timeZone: String
        /// The time zones offered while typing (the system's list).
        var timeZones: [String] = []
        var hasPassword: Bool
        var profile: ProfileDTO
        var sessions: [SessionResponse]
        var stravaConnected: Bool
        var message: String?
        var isError = false
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let token = "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(context.csrfToken ?? ""))\">"
        let message = model.message.map { text in
            model.isError ? "<p class=\"error\" role=\"alert\">\(HTML.escape(s[text]))</p>" : "<p class=\"flash\" role=\"status\">\(HTML.escape(s[text]))</p>"
        } ?? ""
        func select(_ name: String, _ options: [(String, String)], _ current: String) -> String {
            "<select name=\"\(name)\">" + options.html { "<option value=\"\($0.0)\"\($0.0 == current ? " selected" : "")>\(HTML.escape($0.1))</option>" } + "</select>"
        }
        let profile = """
        <section class="card"><h2>\(HTML.escape(s["settings.profile"]))</h2><form method="post" action="/settings/profile">\(token)
        <label>\(HTML.escape(s["settings.name"]))<input type="text" name="full_name" value="\(HTML.escape(model.name))" required maxlength="100"></label>
        <label>\(HTML.escape(s["settings.language"]))\(select("locale", [("auto", s["settings.language.browser"]), ("en", "English"), ("fr", "Français")], model.locale ?? "auto"))</label>
        <label>\(HTML.escape(s["settings.theme"]))\(select("theme", [("auto", s["settings.theme.system"]), ("light", s["settings.theme.light"]), ("dark", s["settings.theme.dark"])], model.theme ?? "auto"))</label>
        <label>\(HTML.escape(s["settings.timeZone"]))<input type="text" name="time_zone" value="\(HTML.escape(model.timeZone))" list="time-zones" required maxlength="64" autocomplete="off" aria-describedby="time-zone-hint"></label>
        <p class="muted" id="time-zone-hint">\(HTML.escape(s["settings.timeZoneHint"]))</p>
        <datalist id="time-zones">\(model.timeZones.html { "<option value=\"\(HTML.escape($0))\">" })</datalist>
        <button type="submit">\(HTML.escape(s["settings.save"]))</button></form></section>
        """
        let estimated = Set(model.profile.estimated ?? [])
        func number(_ name: String, _ label: String, _ value: Double?, key: String) -> String {
            let mark = estimated.contains(key) ? " <span class=\"badge\">\(HTML.escape(s["settings.estimated"]))</span>" : ""
            let shown = estimated.contains(key) ? "" : value.map { String(format: "%g", $0) } ?? ""
            let placeholder = value.map { " placeholder=\"\(String(format: "%g", $0.rounded()))\"" } ?? ""
            return "<label>\(HTML.escape(s[label]))\(mark)<input type=\"text\" inputmode=\"decimal\" name=\"\(name)\" value=\"\(HTML.escape(shown))\"\(placeholder)></label>"
        }
        let pace = model.profile.thresholdSpeed.map { speed -> String in
            let seconds = Int((1000 / speed).rounded())
            return String(format: "%d:%02d", seconds / 60, seconds % 60)
        }
        let paceMark = estimated.contains("threshold_speed") ? " <span class=\"badge\">\(HTML.escape(s["settings.estimated"]))</span>" : ""
        let heartRateZones = model.profile.heartRateZones ?? []
        let zones = heartRateZones.enumerated().map { index, zone in
            let range = index == heartRateZones.count - 1 ? "≥ \(Int(zone.lower.rounded()))" : "\(Int(zone.lower.rounded()))–\(Int(zone.upper.rounded()))"
            return "<tr><td>\(HTML.escape(zone.name))</td><td>\(range) bpm</td></tr>"
        }.joined() + (model.profile.paceZones ?? []).html { zone in
            "<tr><td>\(HTML.escape(zone.name))</td><td>\(HTML.escape(f.pace(zone.lower > 0 ? zone.lower : nil))) – \(HTML.escape(f.pace(zone.upper < 30 ? zone.upper : nil)))</td></tr>"
        }
        let zoneNote = ((model.profile.heartRateZoneMethod.map { [s["settings.zoneMethod." + $0]] } ?? []) + [s["settings.zonesHint"]])
            .joined(separator: " · ")
        let physiology = """
        <section class="card"><h2>\(HTML.escape(s["settings.physiology"]))</h2><p class="muted">\(HTML.escape(s["settings.physiologyHint"]))</p>
        <form method="post" action="/settings/physiology" class="planform">\(token)<div class="fields">
        \(number("max_heart_rate", "settings.maxHR", model.profile.maxHeartRate, key: "max_heart_rate"))
        \(number("resting_heart_rate", "settings.restHR", model.profile.restingHeartRate, key: "resting_heart_rate"))
        \(number("threshold_heart_rate", "settings.lthr", model.profile.thresholdHeartRate, key: "threshold_heart_rate"))
        <label>\(HTML.escape(s["settings.thresholdPace"]))\(paceMark)<input type="text" name="threshold_pace" value="\(estimated.contains("threshold_speed") ? "" : HTML.escape(pace ?? ""))" placeholder="\(HTML.escape(pace ?? "4:30"))"></label>
        \(number("ftp", "settings.ftp", model.profile.ftp, key: "ftp"))\(number("weight", "settings.weight", model.profile.weight, key: "weight"))
        <label>\(HTML.escape(s["settings.sex"]))\(select("sex", [("", s["settings.sex.none"]), ("female", s["settings.sex.female"]), ("male", s["settings.sex.male"])], model.profile.sex ?? ""))</label>
        <label class="wide">\(HTML.escape(s["settings.zoneMethod"]))\(select("heart_rate_zone_method", (["auto"] + HeartRateZoneMethod.allCases.map(\.rawValue)).map { ($0, s["settings.zoneMethod." + $0]) }, model.profile.heartRateZoneMethod ?? "auto"))</label>
        </div><button type="submit">\(HTML.escape(s["settings.save"]))</button></form>
        \(zones.isEmpty ? "" : "<h3>\(HTML.escape(s["settings.zones"]))</h3><p class=\"muted\">\(HTML.escape(zoneNote))</p><div class=\"scroll\"><table><tbody>\(zones)</tbody></table></div>")</section>
        """
        let password = """
        <section class="card"><h2>\(HTML.escape(s["settings.password"]))</h2><form method="post" action="/settings/password">\(token)
        \(model.hasPassword ? "<label>\(HTML.escape(s["settings.currentPassword"]))<input type=\"password\" name=\"current_password\" autocomplete=\"current-password\" required></label>" : "")
        <label>\(HTML.escape(s["settings.newPassword"]))<input type="password" name="new_password" autocomplete="new-password" minlength="8" required></label>
        <button type="submit">\(HTML.escape(s["settings.changePassword"]))</button></form></section>
        """
        let sessions = "<section class=\"card\"><h2>\(HTML.escape(s["settings.sessions"]))</h2><ul class=\"list\">" + model.sessions.html { session in
            let action = session.current ? "<span class=\"badge\">\(HTML.escape(s["settings.thisDevice"]))</span>"
                : "<form method=\"post\" action=\"/settings/sessions/\(session.id.uuidString)/revoke\" class=\"inline\">\(token)<button type=\"submit\" class=\"link\">\(HTML.escape(s["settings.revoke"]))</button></form>"
            return "<li><strong>\(HTML.escape(session.device))</strong><span class=\"muted\">\(HTML.escape(session.ip)) · \(HTML.escape(s["settings.lastSeen"])) \(HTML.escape(f.date(session.lastSeenAt)))</span>\(action)</li>"
        } + "</ul></section>"
        func deletion(_ action: String, _ label: String, _ phrase: String, password: Bool) -> String {
            let prompt = s["settings.typeToConfirm"].replacingOccurrences(of: "%@", with: phrase)
            return """
            <form method="post" action="\(action)" class="danger-zone">\(token)<h3>\(HTML.escape(s[label]))</h3>
            <label>\(HTML.escape(prompt))<input type="text" name="confirm" autocomplete="off" required pattern="\(HTML.escape(phrase))"></label>
            \(password ? "<label>\(HTML.escape(s["settings.currentPassword"]))<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>" : "")
            <button type="submit" class="danger">\(HTML.escape(s[label]))</button></form>
            """
        }
        let data = """
        <section class="card"><h2>\(HTML.escape(s["settings.data"]))</h2><p><a class="button secondary" href="/api/v1/me/export">\(HTML.escape(s["settings.export"]))</a></p>
        \(deletion("/settings/delete-strava-data", "settings.deleteStrava", DataRightsService.Confirmation.stravaData, password: false))
        \(deletion("/settings/delete-data", "settings.deleteAll", DataRightsService.Confirmation.allData, password: false))
        \(deletion("/settings/delete-account", "settings.deleteAccount", DataRightsService.Confirmation.account, password: model.hasPassword))</section>
        """
        let body = "<h1>\(HTML.escape(s["settings.title"]))</h1>\(message)\(profile)\(physiology)\(password)\(sessions)\(data)"
        return Layout.page(title: s["settings.title"], context: context, body: body)
    }
}

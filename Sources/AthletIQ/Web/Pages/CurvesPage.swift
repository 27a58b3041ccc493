import AthletIQCore
import Foundation

/// Duration curves: best power by duration or best time by distance over a period, another
/// period laid over it, the critical-power (or critical-speed) model and what it offers the
/// profile, and a table of each point with the activity it came from.
enum CurvesPage {
    struct Model {
        var selection: CurveSelection
        var curve: DurationCurveService.Curve
        var compared: DurationCurveService.Curve?
        /// The FTP (W) or threshold speed (m/s) in force, and whether it was estimated.
        var current: (value: Double, estimated: Bool)?
        var message: String?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let message = model.message.map { "<p class=\"flash\" role=\"status\">\(HTML.escape(s[$0]))</p>" } ?? ""
        let content = model.curve.entries.isEmpty
            ? "<p class=\"empty\">\(HTML.escape(s[model.selection.kind == .power ? "curves.noPower" : "curves.noPace"]))</p>"
            : chart(model, context: context) + modelCard(model, context: context) + table(model, context: context)
        let body = "<h1>\(HTML.escape(s["curves.title"]))</h1>\(message)" + filters(model.selection, context: context)
            + "<section class=\"card\">\(content)</section>"
        return Layout.page(title: s["curves.title"], context: context, body: body)
    }

    private static func filters(_ selection: CurveSelection, context: PageContext) -> String {
        let s = context.strings
        func options<T: RawRepresentable>(_ values: [T], _ chosen: T, _ label: (T) -> String) -> String where T.RawValue == String {
            values.html { "<option value=\"\($0.rawValue)\"\($0.rawValue == chosen.rawValue ? " selected" : "")>\(HTML.escape(label($0)))</option>" }
        }
        let families = CurveSelection.families.html {
            "<option value=\"\($0)\"\($0 == selection.family ? " selected" : "")>\(HTML.escape(s["family." + $0]))</option>"
        }
        return """
        <form method="get" action="/curves" class="filters">
        <label>\(HTML.escape(s["curves.kind"]))<select name="kind">\(options(DurationCurves.Kind.allCases, selection.kind) { s["curves.kind." + $0.rawValue] })</select></label>
        <label>\(HTML.escape(s["activities.sport"]))<select name="family">\(families)</select></label>
        <label>\(HTML.escape(s["curves.period"]))<select name="period">\(options(CurvePeriod.allCases, selection.period) { s["curves.period." + $0.rawValue] })</select></label>
        <label>\(HTML.escape(s["curves.compare"]))<select name="compare">\(options(CurveComparison.allCases, selection.compare) { s["curves.compare." + $0.rawValue] })</select></label>
        <button type="submit">\(HTML.escape(s["curves.show"]))</button></form>
        """
    }

    private static func chart(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let kind = model.selection.kind
        func series(_ curve: DurationCurveService.Curve, name: String, cssClass: String) -> SVGChart.CurveSeries {
            SVGChart.CurveSeries(name: name, cssClass: cssClass, points: curve.entries.map { entry in
                let y = kind == .power ? entry.point.value : pace(entry.point, family: model.selection.family)
                let label = "\(CurveLabels.x(entry.point.x, kind: kind, context: context)): \(value(entry.point, model: model, context: context))"
                    + " — \(entry.activityName), \(f.day(entry.startDate))"
                return SVGChart.CurvePoint(x: entry.point.x, y: y, link: "/activities/\(entry.activityID.uuidString)", label: label)
            })
        }
        var all = [series(model.curve, name: s["curves.period." + model.selection.period.rawValue], cssClass: "curve")]
        if let compared = model.compared, !compared.entries.isEmpty {
            all.append(series(compared, name: s["curves.compare." + model.selection.compare.rawValue], cssClass: "curve-compare"))
        }
        let swimming = model.selection.family == Sport.Family.swimming.rawValue
        let chart = kind == .power
            ? SVGChart.curve(title: s["curves.kind.power"], series: all, ticks: CurveLabels.durationTicks, unit: "W") { f.number($0) }
            : SVGChart.curve(title: s["curves.kind.pace"], series: all, ticks: CurveLabels.distanceTicks, unit: swimming ? "/100 m" : "/km",
                             inverted: true) { f.duration($0) }
        return chart
    }

    /// Seconds per kilometre (per 100 m in the pool) of a pace-curve point.
    static func pace(_ point: DurationCurves.Point, family: String) -> Double {
        point.value / point.x * (family == Sport.Family.swimming.rawValue ? 100 : 1000)
    }

    private static func value(_ point: DurationCurves.Point, model: Model, context: PageContext) -> String {
        let f = context.formats
        guard model.selection.kind == .pace else { return f.number(point.value) + " W" }
        let speed = point.x / point.value
        let pace = model.selection.family == Sport.Family.swimming.rawValue ? f.pacePer100Metres(speed) : f.pace(speed)
        return "\(f.duration(point.value)) (\(pace))"
    }

    private static func modelCard(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let power = model.selection.kind == .power
        guard let fit = model.curve.model else {
            return "<p class=\"muted\">\(HTML.escape(s["curves.noModel"]))</p>"
        }
        let critical = power ? f.number(fit.critical) + " W" : f.pace(fit.critical)
        let reserve = power ? f.number(fit.reserve / 1000, digits: 1) + " kJ" : f.number(fit.reserve) + " m"
        let figures = [
            (s[power ? "curves.cp" : "curves.cs"], critical), (s[power ? "curves.wPrime" : "curves.dPrime"], reserve),
            (s["curves.fit"], "\(fit.efforts) · R² " + f.number(fit.rSquared, digits: 3)),
            (s[power ? "curves.currentFTP" : "curves.currentPace"],
             model.current.map { (power ? f.number($0.value) + " W" : f.pace($0.value)) + ($0.estimated ? " (\(s["curves.estimated"]))" : "") } ?? "–"),
        ].html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let selection = model.selection
        let adopt = """
        <form method="post" action="/curves/adopt" class="filters"><input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))">
        <input type="hidden" name="kind" value="\(selection.kind.rawValue)"><input type="hidden" name="family" value="\(HTML.escape(selection.family))">
        <input type="hidden" name="period" value="\(selection.period.rawValue)">
        <button type="submit" class="button secondary">\(HTML.escape(s[power ? "curves.useFTP" : "curves.usePace"])) \(HTML.escape(critical))</button></form>
        """
        return "<h2>\(HTML.escape(s[power ? "curves.model" : "curves.modelSpeed"]))</h2><div class=\"figures\">\(figures)</div>"
            + "<p class=\"muted\">\(HTML.escape(s[power ? "curves.modelPower" : "curves.modelPace"]))</p>" + adopt
    }

    private static func table(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let compared = Dictionary((model.compared?.entries ?? []).map { ($0.point.x, $0) }, uniquingKeysWith: { first, _ in first })
        let showCompare = model.compared != nil
        let rows = model.curve.entries.html { entry in
            let other = compared[entry.point.x].map { HTML.escape(value($0.point, model: model, context: context)) } ?? "–"
            return "<tr><td>\(HTML.escape(CurveLabels.x(entry.point.x, kind: model.selection.kind, context: context)))</td>"
                + "<td class=\"num\"><strong>\(HTML.escape(value(entry.point, model: model, context: context)))</strong></td>"
                + (showCompare ? "<td class=\"num\">\(other)</td>" : "")
                + "<td><a href=\"/activities/\(entry.activityID.uuidString)\">\(HTML.escape(entry.activityName))</a></td>"
                + "<td>\(HTML.escape(f.day(entry.startDate)))</td></tr>"
        }
        let compareHeader = showCompare ? "<th class=\"num\">\(HTML.escape(s["curves.compare." + model.selection.compare.rawValue]))</th>" : ""
        return """
        <h2>\(HTML.escape(s["curves.table"]))</h2><div class="scroll"><table><thead><tr>
        <th>\(HTML.escape(s[model.selection.kind == .power ? "curves.duration" : "curves.distance"]))</th>
        <th class="num">\(HTML.escape(s["curves.period." + model.selection.period.rawValue]))</th>\(compareHeader)
        <th>\(HTML.escape(s["curves.activity"]))</th><th>\(HTML.escape(s["activities.date"]))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """
    }
}

/// Names of a curve's points as people say them: 5 s, 20 min, 1 h 30, 400 m, 10 km, marathon.
enum CurveLabels {
    static let durationTicks: [(x: Double, label: String)] = [
        (1, "1s"), (5, "5s"), (15, "15s"), (60, "1m"), (300, "5m"), (1200, "20m"), (3600, "1h"), (18_000, "5h"),
    ]
    static let distanceTicks: [(x: Double, label: String)] = [
        (100, "100m"), (400, "400m"), (1000, "1k"), (5000, "5k"), (10_000, "10k"), (21_097.5, "21k"), (42_195, "42k"),
    ]

    static func x(_ value: Double, kind: DurationCurves.Kind, context: PageContext) -> String {
        kind == .power ? duration(value) : distance(value, context: context)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 120 { return "\(total) s" }
        if total < 3600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
        return total % 3600 == 0 ? "\(total / 3600) h" : String(format: "%d h %02d", total / 3600, total / 60 % 60)
    }

    static func distance(_ metres: Double, context: PageContext) -> String {
        let s = context.strings
        if abs(metres - 1609.344) < 1 { return s["curves.mile"] }
        if abs(metres - 21_097.5) < 1 { return s["curves.half"] }
        if abs(metres - 42_195) < 1 { return s["curves.marathon"] }
        if metres < 1000 { return "\(Int(metres)) m" }
        let whole = metres.truncatingRemainder(dividingBy: 1000) == 0
        return context.formats.number(metres / 1000, digits: whole ? 0 : 1) + " km"
    }
}

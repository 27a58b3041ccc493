import AthletIQCore
import Foundation

/// Long-term fitness: fitness and fatigue over any range with the planned sessions' effect
/// projected forward, form over its shaded bands, and the ramp rate.
enum FitnessPage {
    struct Model {
        var range: FitnessRange
        var metric: String
        var chart: FitnessResponse
    }

    /// Points drawn per line at most: years of days are drawn a day in so many.
    static let maxPoints = 400

    /// Form's bands, as `FitnessModel.Status` names them.
    static func bands(_ s: Strings) -> [SVGChart.Band] {
        [SVGChart.Band(low: 5, high: 1000, cssClass: "band-fresh", label: s["status.fresh"]),
         SVGChart.Band(low: -30, high: -10, cssClass: "band-productive", label: s["status.productive"]),
         SVGChart.Band(low: -1000, high: -30, cssClass: "band-overreaching", label: s["status.overreaching"])]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let days = model.chart.days
        let content = days.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["fitness.empty"]))</p>"
            : figures(model, context: context) + charts(model, context: context)
        let body = "<h1>\(HTML.escape(s["dashboard.fitness"]))</h1>" + filters(model, context: context)
            + "<section class=\"card\">\(content)</section>"
        return Layout.page(title: s["dashboard.fitness"], context: context, body: body)
    }

    private static func filters(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let ranges = FitnessRange.allCases.html {
            "<option value=\"\($0.rawValue)\"\($0 == model.range ? " selected" : "")>\(HTML.escape(s["fitness.range." + $0.rawValue]))</option>"
        }
        let metrics = FitnessMetric.names.html {
            "<option value=\"\($0)\"\($0 == model.metric ? " selected" : "")>\(HTML.escape(s["fitness.metric." + $0]))</option>"
        }
        return """
        <form method="get" action="/fitness" class="filters">
        <label>\(HTML.escape(s["curves.period"]))<select name="range">\(ranges)</select></label>
        <label>\(HTML.escape(s["fitness.metric"]))<select name="metric">\(metrics)</select></label>
        <button type="submit">\(HTML.escape(s["curves.show"]))</button></form>
        """
    }

    private static func figures(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        guard let today = model.chart.today else { return "" }
        let status = model.chart.status.map { s["status." + $0] } ?? "–"
        // Rounded first: a ramp of −0.04 reads 0.0, not "+-0.0" or "-0.0".
        let rampRate = (today.rampRate * 10).rounded() / 10
        let ramp = (rampRate > 0 ? "+" : "") + f.number(rampRate == 0 ? 0 : rampRate, digits: 1) + " / " + s["fitness.week"]
        let items = [
            (s["chart.fitness"], f.number(today.fitness), ""), (s["chart.fatigue"], f.number(today.fatigue), ""),
            (s["chart.form"], f.number(today.form) + " · " + status, ""),
            (s["fitness.ramp"], ramp, today.rampRate > 8 ? " warn" : ""),
        ].html { name, value, warning in
            "<div class=\"figure\(warning)\"><span class=\"muted\">\(HTML.escape(name))</span><strong>\(HTML.escape(value))</strong></div>"
        }
        var projection = "<p class=\"muted\">\(HTML.escape(s["fitness.noPlans"]))</p>"
        if let projected = model.chart.projected, let last = projected.last, projected.contains(where: { $0.load > 0 }) {
            let text = String(format: s["fitness.projection"], label(last.date, long: false, context: context),
                              f.number(last.fitness), f.number(last.form))
            projection = "<p>\(HTML.escape(text))</p>"
        }
        return "<div class=\"figures\">\(items)</div>\(projection)"
    }

    private static func charts(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let past = model.chart.days
        // Without planned load the projection is only the decay: not drawn.
        let future = (model.chart.projected ?? []).contains(where: { $0.load > 0 }) ? model.chart.projected ?? [] : []
        let every = max(1, (past.count + future.count + maxPoints - 1) / maxPoints)
        // Every `every`-th day counted back from today, so today is always drawn.
        let shownPast = past.enumerated().filter { (past.count - 1 - $0.offset) % every == 0 }.map(\.element)
        let shownFuture = future.enumerated().filter { ($0.offset + 1) % every == 0 || $0.offset == future.count - 1 }.map(\.element)
        let long = past.count > 400
        let labels = context.formats.calendarDays((shownPast + shownFuture).map { PlanDates.date($0.date) ?? .distantPast },
                                                  template: long ? "MMMyyyy" : "dMMM")
        func values(_ path: KeyPath<FitnessDayDTO, Double>, projected: Bool) -> [Double?] {
            shownPast.map { projected ? nil : $0[keyPath: path] } + shownFuture.map { projected ? $0[keyPath: path] : nil }
        }
        // The projected line starts at today's value, so it continues the past one.
        var projectedFitness = values(\.fitness, projected: true)
        if !shownFuture.isEmpty, let today = shownPast.last { projectedFitness[shownPast.count - 1] = today.fitness }
        var series: [SVGChart.Series] = [.init(name: s["chart.fitness"], cssClass: "fitness", values: values(\.fitness, projected: false)),
                                         .init(name: s["chart.fatigue"], cssClass: "fatigue", values: values(\.fatigue, projected: false))]
        if !shownFuture.isEmpty { series.append(.init(name: s["fitness.planned"], cssClass: "projected", values: projectedFitness)) }
        let load = SVGChart.line(title: s["dashboard.fitness"], labels: labels, series: series, unit: "")
        var form = values(\.form, projected: false)
        for index in form.indices where form[index] == nil { form[index] = projectedForm(index, shownPast.count, shownFuture) }
        let formChart = SVGChart.line(title: s["chart.form"], labels: labels,
                                      series: [.init(name: s["chart.form"], cssClass: "form", values: form)], unit: "", bands: bands(s))
        return """
        <div class="grid2"><div>\(load)</div><div>\(formChart)</div></div>
        <p class="muted">\(HTML.escape(s["fitness.explained"]))</p>
        """
    }

    private static func projectedForm(_ index: Int, _ pastCount: Int, _ future: [FitnessDayDTO]) -> Double? {
        let offset = index - pastCount
        return future.indices.contains(offset) ? future[offset].form : nil
    }

    /// "12 Mar" for ranges up to a year, "Mar 2026" beyond.
    static func label(_ day: String, long: Bool, context: PageContext) -> String {
        guard let date = PlanDates.date(day) else { return day }
        return context.formats.calendarDay(date, template: long ? "MMMyyyy" : "dMMM")
    }
}

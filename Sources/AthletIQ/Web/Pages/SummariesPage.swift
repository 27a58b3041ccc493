import AthletIQCore
import Foundation

/// Summaries: week, month or year tables of a sport family (or all), with the sports of each
/// period, and the distance accumulated through each year laid over the years before.
enum SummariesPage {
    enum Grouping: String, CaseIterable, Sendable {
        case week, month, year

        var group: StatisticsService.Group {
            switch self {
            case .week: return .week
            case .month: return .month
            case .year: return .year
            }
        }
    }

    struct Model {
        var grouping: Grouping
        /// A sport family, or nil for every sport.
        var family: String?
        var stats: StatsResponse
        var years: [YearOnYear.Year]
        var goals: [GoalService.Progress] = []
    }

    /// The dashboard's sport families.
    static let families = DashboardPage.families

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        // Only the years with some distance are drawn; none, no chart.
        let years = model.years.filter { ($0.cumulative.last ?? 0) > 0 }
        let chart = years.isEmpty ? ""
            : "<section class=\"card\"><h2>\(HTML.escape(s["summaries.cumulative"]))</h2>\(cumulative(years, context: context))</section>"
        let content = model.stats.periods.isEmpty ? "<section class=\"card\"><p class=\"empty\">\(HTML.escape(s["summaries.empty"]))</p></section>"
            : chart + "<section class=\"card\">\(table(model, context: context))</section>"
        let goals = "<section class=\"card\">\(GoalsCard.render(model.goals, context: context, forms: true))</section>"
        let body = "<h1>\(HTML.escape(s["summaries.title"]))</h1>" + filters(model, context: context) + goals + content
        return Layout.page(title: s["summaries.title"], context: context, body: body)
    }

    private static func filters(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let groupings = Grouping.allCases.html {
            "<option value=\"\($0.rawValue)\"\($0 == model.grouping ? " selected" : "")>\(HTML.escape(s["summaries.by." + $0.rawValue]))</option>"
        }
        let families = "<option value=\"\">\(HTML.escape(s["activities.all"]))</option>" + Self.families.html {
            "<option value=\"\($0)\"\($0 == model.family ? " selected" : "")>\(HTML.escape(s["family." + $0]))</option>"
        }
        return """
        <form method="get" action="/summaries" class="filters">
        <label>\(HTML.escape(s["summaries.group"]))<select name="group">\(groupings)</select></label>
        <label>\(HTML.escape(s["activities.sport"]))<select name="family">\(families)</select></label>
        <button type="submit">\(HTML.escape(s["curves.show"]))</button></form>
        """
    }

    /// One line per year: kilometres done by each week of the year.
    private static func cumulative(_ years: [YearOnYear.Year], context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let weeks = Array(stride(from: 6, to: 366, by: 7))
        let labels = f.calendarDays(weeks.map { FitnessModel.date(ofDay: CivilDate.day(year: 2001, month: 1, day: 1) + $0) }, template: "MMM")
        let classes = ["fitness", "fatigue", "form", "projected", "curve-compare"]
        let series = years.reversed().enumerated().map { index, year in
            SVGChart.Series(name: String(year.year), cssClass: classes[index % classes.count],
                            values: weeks.map { year.cumulative.indices.contains($0) ? year.cumulative[$0] / 1000 : nil })
        }
        return SVGChart.line(title: s["summaries.cumulative"], labels: labels, series: series, unit: "km")
    }

    private static func table(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let rows = model.stats.periods.reversed().html { period in
            let sports = period.bySport.sorted { $0.value.movingTime > $1.value.movingTime }.html { sport, figures in
                "<span class=\"badge\">\(HTML.escape(s.sport(sport))) \(figures.count)</span> "
            }
            return "<tr><td>\(HTML.escape(label(period, model.grouping, context: context)))</td><td class=\"num\">\(period.count)</td>"
                + "<td class=\"num\">\(HTML.escape(f.kilometres(period.distance)))</td><td class=\"num\">\(HTML.escape(f.duration(period.movingTime)))</td>"
                + "<td class=\"num\">\(HTML.escape(f.number(period.elevationGain))) m</td><td class=\"num\">\(HTML.escape(f.number(period.load)))</td>"
                + "<td>\(sports)</td></tr>"
        }
        let total = model.stats.total
        return """
        <div class="scroll"><table><thead><tr><th>\(HTML.escape(s["summaries.period"]))</th><th class="num">\(HTML.escape(s["metric.count"]))</th>
        <th class="num">\(HTML.escape(s["metric.distance"]))</th><th class="num">\(HTML.escape(s["metric.time"]))</th>
        <th class="num">\(HTML.escape(s["metric.elevation"]))</th><th class="num">\(HTML.escape(s["metric.load"]))</th>
        <th>\(HTML.escape(s["activities.sport"]))</th></tr></thead><tbody>\(rows)</tbody>
        <tfoot><tr><th>\(HTML.escape(s["summaries.total"]))</th><th class="num">\(total.count)</th><th class="num">\(HTML.escape(f.kilometres(total.distance)))</th>
        <th class="num">\(HTML.escape(f.duration(total.movingTime)))</th><th class="num">\(HTML.escape(f.number(total.elevationGain))) m</th>
        <th class="num">\(HTML.escape(f.number(total.load)))</th><th></th></tr></tfoot></table></div>
        """
    }

    /// "30 Nov – 6 Dec", "March 2026", "2026".
    static func label(_ period: PeriodStatsDTO, _ grouping: Grouping, context: PageContext) -> String {
        switch grouping {
        case .week: return context.formats.week(from: period.period)
        case .year: return period.period
        case .month:
            guard let date = PlanDates.date(period.period + "-01") else { return period.period }
            return context.formats.calendarDay(date, template: "MMMMyyyy")
        }
    }
}

import AthletIQCore
import Foundation

/// The race predictor: predictions for the classic distances from the athlete's best efforts,
/// and a course (GPX, or distance and climbing) with its profile and passage times.
enum PredictPage {
    struct Model {
        var predictions: [RacePrediction.Prediction]
        var course: CourseForecast?
        var form: [String: String] = [:]
        var error: String?
    }

    static let distances: [(Double, String)] = [(5000, "5 km"), (10_000, "10 km"), (21_097.5, "Semi / Half"), (42_195, "Marathon")]

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let error = model.error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        var efforts = "<p class=\"empty\">\(HTML.escape(s["predict.noEfforts"]))</p>"
        if !model.predictions.isEmpty {
            efforts = "<div class=\"scroll\"><table><thead><tr><th>\(HTML.escape(s["predict.distance"]))</th><th>\(HTML.escape(s["predict.time"]))</th>"
                + "<th>\(HTML.escape(s["predict.range"]))</th><th>\(HTML.escape(s["predict.pace"]))</th><th>\(HTML.escape(s["predict.basis"]))</th></tr></thead><tbody>"
                + model.predictions.html { prediction in
                    let label = distances.first { abs($0.0 - prediction.distance) < 1 }?.1 ?? f.kilometres(prediction.distance)
                    let basis = (prediction.estimates.first?.basis ?? []).prefix(2).html { "<span class=\"badge\">\(HTML.escape(f.kilometres($0.distance))) \(HTML.escape(f.duration($0.time)))</span> " }
                    let warnings = prediction.warnings.html { "<br><span class=\"muted\">\(HTML.escape($0))</span>" }
                    return "<tr><td>\(HTML.escape(label))</td><td><strong>\(HTML.escape(f.duration(prediction.time)))</strong></td>"
                        + "<td>\(HTML.escape(f.duration(prediction.low))) – \(HTML.escape(f.duration(prediction.high)))</td>"
                        + "<td>\(HTML.escape(f.pace(prediction.distance / prediction.time)))</td><td>\(basis)\(warnings)</td></tr>"
                } + "</tbody></table></div>"
        }
        let token = HTML.escape(context.csrfToken ?? "")
        func value(_ key: String) -> String { HTML.escape(model.form[key] ?? "") }
        let options = """
        <label class="check"><input type="checkbox" name="trail" value="true"\(model.form["trail"] == "true" ? " checked" : "")> \(HTML.escape(s["predict.trail"]))</label>
        <label>\(HTML.escape(s["predict.aid"]))<input type="text" name="aid" value="\(value("aid"))" placeholder="12.5:Col, 25:Refuge"></label>
        <label>\(HTML.escape(s["predict.every"]))<input type="text" name="every_km" inputmode="decimal" value="\(value("every_km"))"></label>
        """
        let forms = """
        <section class="card"><h2>\(HTML.escape(s["predict.course"]))</h2>
        <form method="post" action="/predict?_csrf=\(token)" enctype="multipart/form-data">
        <label>\(HTML.escape(s["predict.gpx"]))<input type="file" name="file" accept=".gpx,.fit,.tcx,.gz"></label>
        <p class="muted">\(HTML.escape(s["predict.orForm"]))</p><div class="planform"><div class="fields">
        <label>\(HTML.escape(s["predict.km"]))<input type="text" name="distance_km" inputmode="decimal" value="\(value("distance_km"))"></label>
        <label>\(HTML.escape(s["predict.gain"]))<input type="text" name="gain" inputmode="numeric" value="\(value("gain"))"></label>
        <label>\(HTML.escape(s["predict.loss"]))<input type="text" name="loss" inputmode="numeric" value="\(value("loss"))"></label></div></div>
        \(options)<button type="submit">\(HTML.escape(s["predict.submit"]))</button></form></section>
        """
        let body = """
        <h1>\(HTML.escape(s["predict.title"]))</h1>\(error)
        <section class="card"><h2>\(HTML.escape(s["predict.fromEfforts"]))</h2>\(efforts)</section>
        \(model.course.map { course($0, context: context) } ?? "")\(forms)
        """
        return Layout.page(title: s["predict.title"], context: context, body: body)
    }

    static func course(_ course: CourseForecast, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let points = course.profile.compactMap { $0.count >= 2 ? ($0[0] / 1000, $0[1]) : nil }
        let chart = SVGChart.area(title: s["predict.profile"], points: points, unit: "m", xUnit: "km",
                                  marks: course.aidStations.map { ($0.distance / 1000, $0.name) })
        let rows = ([CourseForecast.AidStation(name: s["predict.start"], distance: 0, time: 0)] + course.aidStations
                    + [CourseForecast.AidStation(name: s["predict.finish"], distance: course.distance, time: course.finishTime)]).html { station in
            "<tr><td>\(HTML.escape(station.name))</td><td>\(HTML.escape(f.kilometres(station.distance)))</td><td><strong>\(HTML.escape(f.duration(station.time)))</strong></td></tr>"
        }
        let figures = [
            (s["predict.finish"], f.duration(course.finishTime)), (s["predict.km"], f.kilometres(course.distance)),
            ("D+ / D−", "\(Int(course.gain)) / \(Int(course.loss)) m"), (s["predict.flat"], f.kilometres(course.flatEquivalentDistance)),
        ].html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let terrain = course.trail ? "<p class=\"muted\">\(HTML.escape(s["predict.terrain"])): ×\(HTML.escape(f.number(course.terrainFactor, digits: 2)))</p>" : ""
        return """
        <section class="card"><h2>\(HTML.escape(s["predict.course"]))</h2><div class="figures">\(figures)</div>\(terrain)\(chart)
        <div class="scroll"><table><thead><tr><th>\(HTML.escape(s["predict.station"]))</th><th>\(HTML.escape(s["predict.at"]))</th>
        <th>\(HTML.escape(s["predict.passage"]))</th></tr></thead><tbody>\(rows)</tbody></table></div></section>
        """
    }
}

/// Records: the best effort at each distance and power duration, the progression of one, pace by
/// heart-rate zone (box plots) and climbing against pace (scatter).
enum RecordsPage {
    struct Model {
        var family: String = Sport.Family.running.rawValue
        /// The best three per effort, ranked (`rank` 1 to 3).
        var records: [RecordDTO]
        var selected: String?
        var history: [RecordDTO]
        var zones: [SVGChart.Box]
        var climb: [(Double, Double)]
        var correlation: Double?
    }

    /// The dashboard's sport families.
    static let families = DashboardPage.families

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        func show(_ record: RecordDTO) -> String { record.unit == "W" ? "\(Int(record.value)) W" : f.duration(record.value) }
        let query = "family=\(HTML.escape(model.family))&amp;record="
        var table = "<p class=\"empty\">\(HTML.escape(s["records.empty"]))</p>"
        let efforts = Dictionary(grouping: model.records, by: \.name)
        let names = model.records.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !names.isEmpty {
            func cell(_ record: RecordDTO?, best: Bool) -> String {
                guard let record else { return "<td>–</td>" }
                let value = best ? "<strong>\(HTML.escape(show(record)))</strong>" : HTML.escape(show(record))
                let flag = record.implausible == true ? " <span class=\"badge\">\(HTML.escape(s["records.implausible"]))</span>" : ""
                return "<td>\(value)\(flag)<br><a class=\"muted\" href=\"/activities/\(record.activityID.uuidString)\">\(HTML.escape(f.day(record.date)))</a></td>"
            }
            table = "<div class=\"scroll\"><table><thead><tr><th>\(HTML.escape(s["records.effort"]))</th><th>\(HTML.escape(s["records.best"]))</th>"
                + "<th>\(HTML.escape(s["records.second"]))</th><th>\(HTML.escape(s["records.third"]))</th></tr></thead><tbody>" + names.html { name in
                    let ranked = (efforts[name] ?? []).sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }
                    let current = name == model.selected ? " aria-current=\"true\"" : ""
                    return "<tr><td><a href=\"/records?\(query)\(HTML.escape(name))\"\(current)>\(HTML.escape(s.bestEffort(name)))</a></td>"
                        + (0..<3).map { cell(ranked.indices.contains($0) ? ranked[$0] : nil, best: $0 == 0) }.joined() + "</tr>"
                } + "</tbody></table></div>"
        }
        var history = ""
        if let selected = model.selected, model.history.count == 1, let only = model.history.first {
            // One effort draws no line: said in words.
            history = "<section class=\"card\"><h2>\(HTML.escape(s["records.history"])) · \(HTML.escape(s.bestEffort(selected)))</h2>"
                + "<p class=\"muted\">\(HTML.escape(String(format: s["records.once"], f.day(only.date))))</p></section>"
        } else if let selected = model.selected, model.history.count >= 2 {
            let power = model.history.first?.unit == "W"
            history = "<section class=\"card\"><h2>\(HTML.escape(s["records.history"])) · \(HTML.escape(s.bestEffort(selected)))</h2>"
                + SVGChart.line(title: "\(s["records.history"]) \(s.bestEffort(selected))", labels: model.history.map { f.day($0.date) },
                                series: [.init(name: s.bestEffort(selected), cssClass: "fitness", values: model.history.map { power ? $0.value : $0.value / 60 })],
                                unit: power ? "W" : "min") + "</section>"
        }
        let families = families.html {
            "<option value=\"\($0)\"\($0 == model.family ? " selected" : "")>\(HTML.escape(s["family." + $0]))</option>"
        }
        let filter = """
        <form method="get" action="/records" class="filters"><label>\(HTML.escape(s["activities.sport"]))<select name="family">\(families)</select></label>
        <button type="submit">\(HTML.escape(s["curves.show"]))</button></form>
        """
        let zones = model.zones.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["records.noData"]))</p>"
            : SVGChart.boxes(title: s["records.zones"], boxes: model.zones, unit: "min/km") { seconds in
                String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60)
            }
        let climb = model.climb.isEmpty ? "<p class=\"empty\">\(HTML.escape(s["records.noData"]))</p>"
            : SVGChart.scatter(title: s["records.climb"], points: model.climb, xUnit: "m/km", yUnit: "min/km") { seconds in
                String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60)
            } + (model.correlation.map { "<p class=\"muted\">\(HTML.escape(s["records.correlation"])): \(HTML.escape(f.number($0, digits: 2)))</p>" } ?? "")
        let body = """
        <h1>\(HTML.escape(s["records.title"]))</h1>\(filter)<section class="card">\(table)</section>\(history)
        <section class="grid2"><div class="card"><h2>\(HTML.escape(s["records.zones"]))</h2>\(zones)</div>
        <div class="card"><h2>\(HTML.escape(s["records.climb"]))</h2>\(climb)</div></section>
        """
        return Layout.page(title: s["records.title"], context: context, body: body)
    }
}

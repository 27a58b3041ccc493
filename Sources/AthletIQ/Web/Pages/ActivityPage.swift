import AthletIQCore
import Foundation

/// One activity: its figures, route, charts against distance, splits, laps, zones and best efforts.
enum ActivityDetailPage {
    struct Model {
        var id: UUID
        var name: String
        var sport: String
        var date: Date
        var distance: Double?
        var movingTime: Double?
        var elapsedTime: Double
        var ascent: Double?
        var averageHeartRate: Double?
        var averageSpeed: Double?
        var gradeAdjustedSpeed: Double?
        var load: Double?
        var records: [String]
        var samples: SampleSeries
        var analysis: ActivityAnalysis?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let figures = [
            (s["dashboard.distance"], f.kilometres(model.distance)), (s["dashboard.time"], f.duration(model.movingTime)),
            (s["activity.pace"], f.pace(model.averageSpeed)), (s["activity.gap"], f.pace(model.gradeAdjustedSpeed)),
            (s["dashboard.elevation"], model.ascent.map { f.number($0) + " m" } ?? "–"),
            (s["activity.heartRate"], model.averageHeartRate.map { f.number($0) + " bpm" } ?? "–"),
            (s["activity.load"], model.load.map { f.number($0) } ?? "–"),
        ].html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let records = model.records.isEmpty ? "" : "<p>" + model.records.map { "<span class=\"badge record\">PR · \(HTML.escape($0))</span>" }.joined(separator: " ") + "</p>"
        let samples = model.samples.downsampled(to: 400)
        let map = samples[.latitude].flatMap { lats in samples[.longitude].flatMap { RouteMap.svg(latitudes: lats, longitudes: $0, title: s["activity.route"]) } }
            .map { "<div class=\"card\"><h2>\(HTML.escape(s["activity.route"]))</h2>\($0)</div>" } ?? ""
        let labels = (samples[.distance] ?? []).map { $0.isNaN ? "" : f.number($0 / 1000, digits: 1) }
        var charts = ""
        let channels: [(SampleSeries.Channel, String, String, (Double) -> Double)] = [
            (.heartRate, "activity.heartRate", "bpm", { $0 }), (.speed, "activity.speed", "km/h", { $0 * 3.6 }),
            (.altitude, "dashboard.elevation", "m", { $0 }), (.cadence, "activity.cadence", "rpm", { $0 }), (.power, "activity.power", "W", { $0 }),
        ]
        for (channel, key, unit, transform) in channels {
            guard let values = samples[channel], !labels.isEmpty else { continue }
            charts += "<div class=\"card\"><h2>\(HTML.escape(s[key]))</h2>"
                + SVGChart.line(title: s[key], labels: labels, series: [.init(name: s[key], cssClass: "fitness", values: values.map { $0.isNaN ? nil : transform($0) })], unit: unit)
                + "</div>"
        }
        var tables = ""
        if let analysis = model.analysis {
            if !analysis.splitsKilometre.isEmpty {
                tables += "<div class=\"card\"><h2>\(HTML.escape(s["activity.splits"]))</h2><table><tr><th>km</th><th>\(HTML.escape(s["activity.pace"]))</th><th>\(HTML.escape(s["activity.gap"]))</th><th>D+</th><th>\(HTML.escape(s["activity.heartRate"]))</th></tr>"
                tables += analysis.splitsKilometre.html { split in
                    "<tr><td>\(split.index)</td><td>\(HTML.escape(f.pace(split.speed)))</td><td>\(HTML.escape(f.pace(split.gradeAdjustedSpeed)))</td><td>\(HTML.escape(f.number(split.elevationGain)))</td><td>\(HTML.escape(split.averageHeartRate.map { f.number($0) } ?? "–"))</td></tr>"
                } + "</table></div>"
            }
            if !analysis.bestEfforts.isEmpty {
                tables += "<div class=\"card\"><h2>\(HTML.escape(s["activity.bestEfforts"]))</h2><table>"
                tables += analysis.bestEfforts.html { effort in
                    "<tr><td>\(HTML.escape(effort.name))</td><td>\(HTML.escape(effort.name.hasPrefix("power") ? f.number(effort.value) + " W" : f.duration(effort.value)))</td></tr>"
                } + "</table></div>"
            }
            if !analysis.heartRateZones.isEmpty {
                tables += "<div class=\"card\"><h2>\(HTML.escape(s["activity.zones"]))</h2><table>"
                tables += analysis.heartRateZones.html { zone in
                    "<tr><td>\(HTML.escape(zone.zone.name))</td><td>\(HTML.escape(f.number(zone.zone.lower)))–\(HTML.escape(f.number(min(zone.zone.upper, 230))))</td><td>\(HTML.escape(f.duration(zone.seconds)))</td></tr>"
                } + "</table></div>"
            }
        }
        let body = """
        <p><a href="/activities">← \(HTML.escape(s["nav.activities"]))</a></p>
        <h1>\(HTML.escape(model.name))</h1><p class="muted"><span class="badge">\(HTML.escape(model.sport))</span> \(HTML.escape(f.date(model.date)))</p>
        \(records)<section class="figures">\(figures)</section>
        <section class="grid2">\(map)\(charts)</section><section class="grid2">\(tables)</section>
        <form method="post" action="/activities/\(model.id.uuidString)/delete" data-confirm="\(HTML.escape(s["activity.confirmDelete"]))">
        <input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))"><button type="submit" class="button secondary">\(HTML.escape(s["activity.delete"]))</button></form>
        """
        return Layout.page(title: model.name, context: context, body: body)
    }
}

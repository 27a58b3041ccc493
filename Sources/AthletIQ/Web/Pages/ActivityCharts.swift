import AthletIQCore
import Foundation

/// The charts of an activity, along its distance or its time, and the data the chart script reads
/// to draw a crosshair linked across the charts and the map and to measure a selected stretch.
/// Without JavaScript the charts stay as drawn and the axis switch is a pair of links.
enum ActivityCharts {
    enum Axis: String { case distance, time }

    /// One chart: a channel, its title key, unit and the transformation into what is drawn.
    private struct Channel {
        var key: String
        var channel: SampleSeries.Channel
        var title: String
        var unit: String
        /// Values drawn as minutes per unit, written m:ss.
        var pace = false
        var transform: (Double) -> Double?
    }

    /// The axis switch with the crosshair's readout and the selection's figures (`controls`, a
    /// full row above the map), and the charts with their data.
    static func render(_ samples: SampleSeries, measures: ActivityFigures, axis requested: Axis, path: String,
                       context: PageContext) -> (controls: String, charts: String) {
        let s = context.strings
        let start = samples[.time]?.first { $0.isFinite } ?? 0
        let seconds = (samples[.time] ?? []).map { $0.isFinite ? $0 - start : .nan }
        let distances = samples[.distance]
        // Indoors (no distance) the charts run along the time whatever was asked.
        let axis: Axis = distances == nil ? .time : requested
        let (xs, xUnit) = axis == .distance ? ((distances ?? []).map { $0 / 1000 }, "km") : (seconds.map { $0 / 60 }, "min")
        guard !xs.isEmpty else { return ("", "") }
        var series: [(Channel, [Double?])] = []
        for channel in channels(samples, measures: measures, strings: s) {
            guard let values = samples[channel.channel] else { continue }
            series.append((channel, values.map { $0.isNaN ? nil : channel.transform($0) }))
        }
        if let cadence = samples[.cadence].map(measures.cadence) {
            series.append((Channel(key: "cadence", channel: .cadence, title: s["activity.cadence"], unit: cadence.unit, transform: { $0 }),
                           cadence.values.map { $0.isNaN ? nil : $0 }))
        }
        guard !series.isEmpty else { return ("", "") }
        var controls = ""
        if distances != nil {
            controls += "<nav class=\"axisswitch card\" aria-label=\"\(HTML.escape(s["activity.axis"]))\"><span class=\"muted\">\(HTML.escape(s["activity.axis"]))</span>"
            for (choice, label) in [(Axis.distance, s["activity.distance"]), (.time, s["activity.time"])] {
                controls += "<a href=\"\(HTML.escape(path))?x=\(choice.rawValue)\"" + (choice == axis ? " aria-current=\"true\"" : "") + ">\(HTML.escape(label))</a>"
            }
            controls += "<span class=\"readout muted\" aria-live=\"polite\"></span></nav>"
        }
        controls += "<div class=\"card selection\" hidden><h2>\(HTML.escape(s["activity.selection"]))</h2><dl></dl>"
            + "<button type=\"button\" class=\"button secondary\">\(HTML.escape(s["activity.clearSelection"]))</button></div>"
        var charts = ""
        for (index, item) in series.enumerated() {
            charts += "<div class=\"card\"><h2>\(HTML.escape(item.0.title))</h2>"
                + SVGChart.lineOverX(title: item.0.title, xs: xs, series: [.init(name: item.0.title, cssClass: "fitness", values: item.1)],
                                     unit: item.0.unit, xUnit: xUnit, attributes: "data-chart=\"\(index)\"")
                + "</div>"
        }
        return (controls, charts + data(samples, seconds: seconds, xs: xs, axis: axis, series: series, measures: measures, strings: s))
    }

    private static func channels(_ samples: SampleSeries, measures: ActivityFigures, strings s: Strings) -> [Channel] {
        // Pace charts read in minutes per km (per 100 m in the water). Standing still is an
        // endless pace: far slower than the athlete's usual (under 40 % of the median speed), a
        // moment is left out rather than squashing the whole chart.
        let moving = (samples[.speed] ?? []).filter { $0.isFinite && $0 > 0 }.sorted()
        let slowest = moving.isEmpty ? 0 : moving[moving.count / 2] * 0.4
        let speed: Channel = switch measures.measure {
        case .speed: Channel(key: "speed", channel: .speed, title: s["activity.speed"], unit: "km/h", transform: { $0 * 3.6 })
        case .pace: Channel(key: "speed", channel: .speed, title: s["activity.pace"], unit: "min/km", pace: true,
                            transform: { $0 > max(0.5, slowest) ? 1000 / $0 / 60 : nil })
        case .pacePer100: Channel(key: "speed", channel: .speed, title: s["activity.pace"], unit: "min/100 m", pace: true,
                                  transform: { $0 > max(0.1, slowest) ? 100 / $0 / 60 : nil })
        }
        return [
            Channel(key: "heartRate", channel: .heartRate, title: s["activity.heartRate"], unit: "bpm", transform: { $0 }),
            speed,
            Channel(key: "altitude", channel: .altitude, title: s["dashboard.elevation"], unit: "m", transform: { $0 }),
            Channel(key: "power", channel: .power, title: s["activity.power"], unit: "W", transform: { $0 }),
        ]
    }

    /// The samples as the chart script reads them, in a hidden element (attribute text is
    /// escaped like any other, and no inline script is needed).
    private static func data(_ samples: SampleSeries, seconds: [Double], xs: [Double], axis: Axis,
                             series: [(Channel, [Double?])], measures: ActivityFigures, strings s: Strings) -> String {
        func numbers(_ values: [Double?], digits: Int) -> String {
            "[" + values.map { value in value.flatMap { $0.isFinite ? String(format: "%.\(digits)f", $0) : nil } ?? "null" }.joined(separator: ",") + "]"
        }
        func optional(_ values: [Double]?) -> [Double?] { values.map { $0.map { $0.isNaN ? nil : $0 } } ?? [] }
        func text(_ value: String) -> String {
            String(decoding: (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
        }
        let measure = switch measures.measure { case .speed: "speed"; case .pace: "pace"; case .pacePer100: "pace100" }
        var json = "{\"axis\":\"\(axis.rawValue)\",\"measure\":\"\(measure)\",\"x\":\(numbers(xs, digits: 4)),\"t\":\(numbers(seconds, digits: 0))"
        json += ",\"d\":\(numbers(optional(samples[.distance]), digits: 1)),\"lat\":\(numbers(optional(samples[.latitude]), digits: 5))"
        json += ",\"lon\":\(numbers(optional(samples[.longitude]), digits: 5)),\"series\":["
        json += series.map { channel, values in
            "{\"key\":\"\(channel.key)\",\"label\":\(text(channel.title)),\"unit\":\(text(channel.unit)),\"pace\":\(channel.pace),\"values\":\(numbers(values, digits: 2))}"
        }.joined(separator: ",")
        let labels: [(String, String)] = [("distance", s["activity.distance"]), ("time", s["activity.time"]), ("speed", measures.label(s)),
                                          ("heartRate", s["activity.heartRate"]), ("power", s["activity.power"]), ("cadence", s["activity.cadence"]),
                                          ("climb", s["activity.climb"]), ("colourBy", s["activity.colourBy"]),
                                          ("grade", s["activity.gradient"])]
        json += "],\"labels\":{" + labels.map { "\"\($0.0)\":\(text($0.1))" }.joined(separator: ",") + "}}"
        return "<div class=\"chartdata\" hidden data-json=\"\(HTML.escape(json))\"></div>"
    }
}

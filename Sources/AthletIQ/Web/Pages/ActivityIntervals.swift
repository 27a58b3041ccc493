import AthletIQCore
import Foundation

/// The work and recovery blocks of a structured session, found in its samples (a 6 × 800 m was
/// only visible in the heart-rate curve): each effort numbered, with its distance, time, pace or
/// speed, heart rate and, on a ride, power; recoveries in between, muted.
enum ActivityIntervals {
    static func card(_ samples: SampleSeries, sport: Sport, measures: ActivityFigures, context: PageContext) -> String {
        let power = sport.family == .cycling && samples.valueCount(.power) > 0
        let intervals = IntervalDetector.detect(samples, usePower: power)
        guard !intervals.isEmpty else { return "" }
        let s = context.strings, f = context.formats
        var effort = 0
        let rows = intervals.html { interval in
            let work = interval.kind == .work
            if work { effort += 1 }
            return "<tr\(work ? "" : " class=\"muted\"")><td>\(work ? "\(effort)" : "")</td><td>\(HTML.escape(s["interval.\(interval.kind.rawValue)"]))</td>"
                + "<td>\(HTML.escape(f.kilometres(interval.distance)))</td><td>\(HTML.escape(f.duration(interval.duration)))</td>"
                + "<td>\(HTML.escape(measures.write(interval.averageSpeed)))</td>"
                + "<td>\(HTML.escape(interval.averageHeartRate.map { f.number($0) } ?? "–"))</td>"
                + (power ? "<td>\(HTML.escape(interval.averagePower.map { f.number($0) + " W" } ?? "–"))</td>" : "") + "</tr>"
        }
        return "<div class=\"card\"><h2>\(HTML.escape(s["activity.intervals"]))</h2><div class=\"scroll\"><table class=\"intervals\"><tr><th>#</th><th></th>"
            + "<th>\(HTML.escape(s["activity.distance"]))</th><th>\(HTML.escape(s["activity.time"]))</th><th>\(HTML.escape(measures.label(s)))</th>"
            + "<th>\(HTML.escape(s["activity.heartRate"]))</th>" + (power ? "<th>\(HTML.escape(s["activity.power"]))</th>" : "")
            + "</tr>\(rows)</table></div></div>"
    }
}

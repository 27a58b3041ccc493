import Foundation

/// Calendar days as `YYYY-MM-DD` strings (UTC), the way plans store them.
enum PlanDates {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// The day `date` falls on in `zone` (the athlete's days, for plans).
    static func day(_ date: Date, in zone: TimeZone) -> String {
        day(date.addingTimeInterval(Double(zone.secondsFromGMT(for: date))))
    }

    /// A session planned on `day` at `time` (`HH:MM`) in `zone`, as the UTC day and time of that
    /// moment (daylight saving included); nil for a malformed day or time.
    static func utc(day: String, time: String, in zone: TimeZone) -> (day: String, time: String)? {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard let midnight = date(day), parts.count >= 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        let wall = midnight.addingTimeInterval(Double(parts[0] * 3600 + parts[1] * 60))
        // The offset in force at that wall-clock time: guess with the wall time, then correct.
        let guess = wall.addingTimeInterval(-Double(zone.secondsFromGMT(for: wall)))
        let instant = wall.addingTimeInterval(-Double(zone.secondsFromGMT(for: guess)))
        let clock = calendar.dateComponents([.hour, .minute], from: instant)
        return (self.day(instant), String(format: "%02d:%02d", clock.hour ?? 0, clock.minute ?? 0))
    }

    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    static func adding(_ days: Int, to day: String) -> String {
        guard let date = date(day), let moved = calendar.date(byAdding: .day, value: days, to: date) else { return day }
        return self.day(moved)
    }

    /// The Monday of the ISO week holding `day`.
    static func monday(of day: String) -> String {
        guard let date = date(day) else { return day }
        let weekday = calendar.component(.weekday, from: date)   // 1 = Sunday
        return adding(-((weekday + 5) % 7), to: day)
    }

    /// `2026-W49`.
    static func isoWeek(_ day: String) -> String {
        guard let date = date(day) else { return day }
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 1970, parts.weekOfYear ?? 1)
    }

    /// Every day from `from` to `to`, both included (at most 400).
    static func days(from: String, to: String) -> [String] {
        var result: [String] = []
        var current = from
        while current <= to && result.count < 400 {
            result.append(current)
            current = adding(1, to: current)
        }
        return result
    }
}

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

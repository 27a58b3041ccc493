import AthletIQCore
import Foundation
import Vapor

/// The limits every query parameter is held to, so that no request can ask for unbounded work
/// (a fitness chart from year 1000 to 9999 built 256 MB in 23 s) or overflow an offset.
enum QueryBounds {
    /// Dates before 1970 or from 2100 on are refused: no activity lies there.
    static let earliest = Date(timeIntervalSince1970: 0)
    static let latest = Date(timeIntervalSince1970: 4_102_444_800)
    /// The longest range a chart or a table by day may cover: 30 years.
    static let maxSpanDays = 10_958
    static let maxPage = 100_000
}

/// Query parameters read strictly: absent means the default, but present and malformed or out of
/// bounds is a 422 that names the parameter (never a silent fallback: `?page=abc` is not page 1).
extension Request {
    /// The raw text of a parameter, nil when absent.
    func queryText(_ name: String, maxLength: Int = 500) throws -> String? {
        guard let text = query[String.self, at: name] else { return nil }
        guard text.count <= maxLength else { throw APIError.validation("\(name) is too long (at most \(maxLength) characters).") }
        return text
    }

    func queryInt(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try queryText(name, maxLength: 20) else { return fallback }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw APIError.validation("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func queryDouble(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = try queryText(name, maxLength: 40) else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw APIError.validation("\(name) must be a number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func queryBool(_ name: String) throws -> Bool? {
        guard let text = try queryText(name, maxLength: 10) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.validation("\(name) must be true or false.")
        }
    }

    /// An ISO-8601 date or date-time between 1970 and 2100.
    func queryDate(_ name: String) throws -> Date? {
        guard let text = try queryText(name, maxLength: 40) else { return nil }
        guard let date = ISODate.parse(text) else { throw APIError.validation("\(name) must be an ISO-8601 date or date-time.") }
        guard date >= QueryBounds.earliest, date < QueryBounds.latest else {
            throw APIError.validation("\(name) must lie between 1970 and 2100.")
        }
        return date
    }

    /// A date query on the athlete's calendar, as their day: a bare date names that day.
    func queryDay(_ name: String, _ days: inout AthleteDays) throws -> Int? {
        days.day(query: try queryText(name, maxLength: 40), parsed: try queryDate(name))
    }

    /// A date query on the athlete's calendar, as an instant: a bare date is their midnight.
    func queryInstant(_ name: String, _ days: AthleteDays) throws -> Date? {
        days.instant(query: try queryText(name, maxLength: 40), parsed: try queryDate(name))
    }

    /// A page number and a page size, bounded so that their offset never overflows.
    func queryPage(defaultSize: Int, maxSize: Int) throws -> (page: Int, perPage: Int) {
        (try queryInt("page", default: 1, in: 1...QueryBounds.maxPage), try queryInt("per_page", default: defaultSize, in: 1...maxSize))
    }
}

extension QueryBounds {
    /// Refuses a range longer than `maxSpanDays` (or one that ends before it starts).
    static func checkSpan(from: Date?, to: Date?) throws {
        guard let from, let to else { return }
        guard to >= from else { throw APIError.validation("to must not be before from.") }
        guard to.timeIntervalSince(from) <= Double(maxSpanDays) * 86_400 else {
            throw APIError.validation("The range may cover at most 30 years.")
        }
    }
}

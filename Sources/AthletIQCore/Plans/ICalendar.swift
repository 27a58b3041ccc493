import Foundation

/// Writes iCalendar (RFC 5545) documents: escaped text, lines folded at 75 octets with CRLF,
/// all-day events for sessions without a time, timed events with their real duration, and a
/// reminder on each.
public enum ICalendar {
    public struct Event: Sendable {
        public var uid: String
        public var summary: String
        public var description: String?
        /// `YYYY-MM-DD`.
        public var date: String
        /// `HH:MM` in UTC (the feed converts the athlete's local time); nil for an all-day event.
        public var time: String?
        /// Seconds (timed events).
        public var duration: Double?
        public var categories: [String]
        public var lastModified: Date?
        public var completed: Bool

        public init(uid: String, summary: String, description: String?, date: String, time: String?, duration: Double?,
                    categories: [String], lastModified: Date?, completed: Bool) {
            self.uid = uid
            self.summary = summary
            self.description = description
            self.date = date
            self.time = time
            self.duration = duration
            self.categories = categories
            self.lastModified = lastModified
            self.completed = completed
        }
    }

    public static func document(name: String, events: [Event], now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//athletIQ//Training plan//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-PUBLISHED-TTL:PT1H", "REFRESH-INTERVAL;VALUE=DURATION:PT1H"]
        let stamp = utc(now)
        for event in events {
            let compactDate = event.date.replacingOccurrences(of: "-", with: "")
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(event.uid))
            lines.append("DTSTAMP:" + stamp)
            if let modified = event.lastModified { lines.append("LAST-MODIFIED:" + utc(modified)) }
            if let time = event.time {
                lines.append("DTSTART:\(compactDate)T\(time.replacingOccurrences(of: ":", with: ""))00Z")
                lines.append("DURATION:" + duration(max(60, event.duration ?? 3600)))
            } else {
                lines.append("DTSTART;VALUE=DATE:\(compactDate)")
                lines.append("DTEND;VALUE=DATE:\(nextDay(event.date))")
                lines.append("TRANSP:TRANSPARENT")
            }
            lines.append("SUMMARY:" + escape(event.summary))
            if let description = event.description, !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
            if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(escape).joined(separator: ",")) }
            lines.append("STATUS:" + (event.completed ? "CONFIRMED" : "TENTATIVE"))
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escape(event.summary),
                      // Timed: half an hour before. All day: 9 p.m. the evening before.
                      "TRIGGER:" + (event.time == nil ? "-PT3H" : "-PT30M"), "END:VALARM"]
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping: backslash, semicolon, comma, newline.
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": continue
            default:
                if let ascii = character.asciiValue, ascii < 0x20, ascii != 0x09 { continue }
                result.append(character)
            }
        }
        return result
    }

    /// Splits a line into 75-octet pieces, never inside a UTF-8 character; continuation lines
    /// start with a space.
    public static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }

    static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        var text = "PT"
        if total >= 3600 { text += "\(total / 3600)H" }
        if total % 3600 >= 60 { text += "\(total % 3600 / 60)M" }
        if total % 60 > 0 || text == "PT" { text += "\(total % 60)S" }
        return text
    }

    static func nextDay(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date.replacingOccurrences(of: "-", with: "") }
        var (year, month, day) = (parts[0], parts[1], parts[2] + 1)
        if day > PlanValues.daysIn(month: month, year: year) { day = 1; month += 1 }
        if month > 12 { month = 1; year += 1 }
        return String(format: "%04d%02d%02d", year, month, day)
    }
}

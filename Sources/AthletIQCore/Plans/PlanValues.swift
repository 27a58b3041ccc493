import Foundation

/// The cell formats coaches type: French and English dates, decimal commas, "1h30", "5'30/km",
/// "Z3", "6/10". Each returns nil for an empty cell and throws for one it cannot read.
public enum PlanValues {
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public var field: String
        public var value: String
        public var description: String { "\(field) \"\(value.prefix(40))\" cannot be read" }
    }

    static let emptyMarks: Set<String> = ["", "-", "–", "—", "/", "x", "n/a", "na", "?"]

    static func isEmpty(_ text: String) -> Bool {
        emptyMarks.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// `DD/MM/YYYY`, `D/M/YY`, `DD-MM-YYYY`, `DD.MM.YYYY` or `YYYY-MM-DD` → `YYYY-MM-DD`.
    public static func date(_ text: String) throws -> String? {
        let raw = text.trimmingCharacters(in: .whitespaces)
        if isEmpty(raw) { return nil }
        let parts = raw.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isNumber) }),
              let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else {
            throw Unreadable(field: "date", value: raw)
        }
        var (year, month, day) = parts[0].count == 4 ? (a, b, c) : (c, b, a)
        if year < 100 { year += 2000 }
        guard (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day),
              day <= daysIn(month: month, year: year) else { throw Unreadable(field: "date", value: raw) }
        _ = month
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A decimal number with a dot or a comma, units and spaces around it ignored ("12,5 km").
    public static func number(_ text: String, field: String, range: ClosedRange<Double>) throws -> Double? {
        let raw = text.trimmingCharacters(in: .whitespaces)
        if isEmpty(raw) { return nil }
        var digits = ""
        var seenDigit = false
        for character in raw {
            if character.isNumber { digits.append(character); seenDigit = true }
            else if (character == "," || character == ".") && seenDigit && !digits.contains(".") { digits.append(".") }
            else if character == " " || character == "\u{00A0}" || character == "\u{202F}" { continue }
            else if seenDigit { break }
            else if character == "-" { throw Unreadable(field: field, value: raw) }
        }
        guard let value = Double(digits), range.contains(value) else { throw Unreadable(field: field, value: raw) }
        return value
    }

    /// Seconds from "1h30", "1 h 30 min", "45min", "45'", "1:15:00", "1:15" (h:mm under 6 hours),
    /// "45:00" (mm:ss from 6 on: a coach's "45:00" is 45 minutes, not 45 hours) or "90" (minutes).
    public static func duration(_ text: String) throws -> Double? {
        let raw = text.trimmingCharacters(in: .whitespaces).lowercased()
        if isEmpty(raw) { return nil }
        let fail = Unreadable(field: "duration", value: raw)
        if raw.contains(":") {
            let parts = raw.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.allSatisfy({ $0 != nil }) else { throw fail }
            let values = parts.compactMap { $0 }
            let seconds: Int
            switch values.count {
            case 2:
                guard values[1] < 60 else { throw fail }
                seconds = values[0] < 6 ? values[0] * 3600 + values[1] * 60 : values[0] * 60 + values[1]
            case 3: seconds = values[0] * 3600 + values[1] * 60 + values[2]
            default: throw fail
            }
            guard seconds > 0, seconds <= 7 * 86_400 else { throw fail }
            return Double(seconds)
        }
        if let minutes = Double(raw.replacingOccurrences(of: ",", with: ".")) {
            guard minutes > 0, minutes <= 7 * 1440 else { throw fail }
            return minutes * 60
        }
        // Units: h, min/mn/m/', s/"
        var total = 0.0, current = "", matched = false
        var characters = Array(raw)
        characters.append(" ")
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isNumber || character == "." || character == "," {
                current.append(character == "," ? "." : character)
            } else if character.isLetter || character == "'" || character == "\"" {
                var unit = String(character)
                while index + 1 < characters.count, characters[index + 1].isLetter { index += 1; unit.append(characters[index]) }
                guard let value = Double(current) else { throw fail }
                switch unit {
                case "h", "hr", "hrs", "heure", "heures", "hour", "hours": total += value * 3600
                case "min", "mn", "m", "mins", "minute", "minutes", "'": total += value * 60
                case "s", "sec", "secs", "\"": total += value
                default: throw fail
                }
                current = ""
                matched = true
            } else if character == " " {
                // "1h 30": a bare number after hours means minutes.
                if !current.isEmpty && matched && index == characters.count - 1, let value = Double(current) {
                    total += value * 60
                    current = ""
                }
            } else {
                throw fail
            }
            index += 1
        }
        guard matched, current.isEmpty || Double(current) != nil else { throw fail }
        if let trailing = Double(current) { total += trailing * 60 }
        guard total > 0, total <= 7 * 86_400 else { throw fail }
        return total
    }

    /// Metres per second from a pace per km: "5:30", "5'30", "5'30\"", "5:30/km", "5min30", or a
    /// range "5:20-5:40" (its middle).
    public static func pace(_ text: String) throws -> Double? {
        let raw = text.trimmingCharacters(in: .whitespaces).lowercased()
        if isEmpty(raw) { return nil }
        let fail = Unreadable(field: "pace", value: raw)
        // Per mile ("8:00/mi", "8:00 min/mile") or per kilometre (the default).
        let perMile = ["/mi", "/mile", " mi", "min/mi"].contains { raw.hasSuffix($0) }
        var withoutUnit = raw
        for unit in ["min/mile", "min/mi", "/mile", "/mi", " mi", "min/km", "/km"] where withoutUnit.hasSuffix(unit) {
            withoutUnit = String(withoutUnit.dropLast(unit.count))
            break
        }
        let ranges = withoutUnit.split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == "à" }).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(ranges.count) else { throw fail }
        var seconds: [Double] = []
        for part in ranges {
            let pieces = part.split(whereSeparator: { $0 == ":" || $0 == "'" || $0 == "\"" || $0 == "’" || $0 == "m" || $0 == "i" || $0 == "n" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard (1...2).contains(pieces.count), let minutes = Int(pieces[0]) else { throw fail }
            let secs = pieces.count == 2 ? Int(pieces[1]) : 0
            guard let secs, (0..<60).contains(secs), (2...30).contains(minutes) else { throw fail }
            seconds.append(Double(minutes * 60 + secs))
        }
        let average = seconds.reduce(0, +) / Double(seconds.count)
        return (perMile ? 1609.344 : 1000) / average
    }

    /// 1-5 from "Z3", "3", "zone 3", or a word ("EF", "seuil", "VMA").
    public static func zone(_ text: String) throws -> Int? {
        let raw = text.trimmingCharacters(in: .whitespaces)
        if isEmpty(raw) { return nil }
        if let digit = raw.first(where: \.isNumber), let value = Int(String(digit)) {
            guard (1...5).contains(value) else { throw Unreadable(field: "zone", value: raw) }
            return value
        }
        let key = PlanText.fold(raw)
        let words: [(String, Int)] = [("recup", 1), ("recovery", 1), ("ef", 2), ("endurance", 2), ("easy", 2), ("aerobie", 2),
                                      ("tempo", 3), ("marathon", 3), ("am", 3), ("seuil", 4), ("threshold", 4), ("as", 4),
                                      ("vma", 5), ("vo2", 5), ("vo2max", 5), ("max", 5)]
        if let match = words.first(where: { key == $0.0 || key.hasPrefix($0.0 + " ") }) { return match.1 }
        throw Unreadable(field: "zone", value: raw)
    }

    /// 1-10 from "6" or "6/10".
    public static func rpe(_ text: String) throws -> Int? {
        let raw = text.trimmingCharacters(in: .whitespaces)
        if isEmpty(raw) { return nil }
        let head = raw.split(separator: "/").first.map(String.init) ?? raw
        guard let value = Int(head.trimmingCharacters(in: .whitespaces)), (1...10).contains(value) else {
            throw Unreadable(field: "rpe", value: raw)
        }
        return value
    }

    /// `HH:MM` from "7:30", "07h30", "7h".
    public static func time(_ text: String) throws -> String? {
        let raw = text.trimmingCharacters(in: .whitespaces).lowercased()
        if isEmpty(raw) { return nil }
        let parts = raw.split(whereSeparator: { $0 == ":" || $0 == "h" }).map(String.init)
        guard (1...2).contains(parts.count), let hour = Int(parts[0]), (0..<24).contains(hour) else { throw Unreadable(field: "time", value: raw) }
        let minute = parts.count == 2 ? Int(parts[1]) : 0
        guard let minute, (0..<60).contains(minute) else { throw Unreadable(field: "time", value: raw) }
        return String(format: "%02d:%02d", hour, minute)
    }
}

import Foundation

/// Parses decimal numbers straight from UTF-8 bytes. Exact for up to 15 significant digits with
/// small exponents (every coordinate and measure in practice); otherwise falls back to Foundation.
enum FastNumber {
    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        var end = range.upperBound
        guard index >= 0, end <= bytes.count else { return nil }
        while index < end, isSpace(bytes[index]) { index += 1 }
        while end > index, isSpace(bytes[end - 1]) { end -= 1 }
        guard index < end else { return nil }
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while index < end, let digit = digit(bytes[index]) {
            if digits < 18 { mantissa = mantissa * 10 + UInt64(digit); if mantissa > 0 { digits += 1 } } else { exponent += 1 }
            sawDigit = true
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, let digit = digit(bytes[index]) {
                if digits < 18 { mantissa = mantissa * 10 + UInt64(digit); exponent -= 1; if mantissa > 0 { digits += 1 } }
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end {
            // Exponents and anything unusual: let Foundation decide.
            return Double(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        guard digits <= 15, mantissa < (1 << 53), abs(exponent) <= 22 else {
            return Double(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        var value = Double(mantissa)
        value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
        return negative ? -value : value
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}

/// Parses ISO-8601 date-times (`2010-08-05T14:23:59Z`, fractions, `+02:00` offsets, a space
/// instead of `T`, no zone meaning UTC) into seconds since 1970.
enum FastDate {
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        var end = range.upperBound
        guard index >= 0, end <= bytes.count else { return nil }
        while index < end, bytes[index] <= 0x20 { index += 1 }
        while end > index, bytes[end - 1] <= 0x20 { end -= 1 }
        func number(_ count: Int) -> Int? {
            guard index + count <= end else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ ascii: UInt8) -> Bool {
            guard index < end, bytes[index] == ascii else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        guard index < end, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "t") else { return nil }
        index += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), hour <= 24, minute <= 59 else { return nil }
        var second = 0.0
        if expect(UInt8(ascii: ":")) {
            guard let whole = number(2), whole <= 60 else { return nil }
            second = Double(whole)
            if index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    second += Double(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        var offset = 0
        if index < end {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                let minutes = number(2) ?? 0
                offset = (hours * 60 + minutes) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard index == end else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}

/// ISO-8601 dates (`2024-05-01`, `2024-05-01T06:00:00Z`, with offsets) from text.
public enum ISODate {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        if let seconds = FastDate.parse(bytes, 0..<bytes.count) { return Date(timeIntervalSince1970: seconds) }
        let day = Array((text + "T00:00:00Z").utf8)
        return FastDate.parse(day, 0..<day.count).map { Date(timeIntervalSince1970: $0) }
    }
}

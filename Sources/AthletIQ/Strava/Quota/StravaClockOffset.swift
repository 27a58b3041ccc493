import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How far Strava's clock is ahead of ours, learned from the `Date` header of its answers.
/// Its rate windows are its quarter hours: a skewed clock here would otherwise wait minutes after
/// a reset, or call before Strava's window has turned and meet a 429.
final class StravaClockOffset: Sendable {
    private let seconds = NIOLockedValueBox<Double>(0)

    /// Offsets beyond this are a broken clock, not something to follow (the doctor reports it).
    static let plausible = 3600.0
    /// Under this the header's one-second resolution is all we see.
    static let noise = 2.0

    var current: Double { seconds.withLockedValue { $0 } }

    /// Learns from an answer whose request left at `sent` and arrived at `received` (our clock).
    /// Returns the offset now in use.
    @discardableResult
    func learn(dateHeader: String?, sent: Date, received: Date) -> Double {
        guard let header = dateHeader, let server = Self.parseHTTPDate(header) else { return current }
        // The header is floored to the second: Strava's moment is half a second later on average,
        // and it answered about half-way between our sending and receiving.
        let measured = server.timeIntervalSince1970 + 0.5 - (sent.timeIntervalSince1970 + received.timeIntervalSince1970) / 2
        guard measured.isFinite, abs(measured) <= Self.plausible else { return current }
        let offset = abs(measured) < Self.noise ? 0 : measured
        seconds.withLockedValue { $0 = offset }
        return offset
    }

    /// An IMF-fixdate (RFC 9110): "Sun, 06 Nov 1994 08:49:37 GMT".
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...31).contains(day), (1970...9999).contains(year),
              (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2]))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension Application {
    private struct StravaClockOffsetKey: StorageKey { typealias Value = StravaClockOffset }

    /// This process's view of Strava's clock (made by `configure`).
    var stravaClockOffset: StravaClockOffset {
        get { wired(StravaClockOffsetKey.self) }
        set { storage[StravaClockOffsetKey.self] = newValue }
    }
}

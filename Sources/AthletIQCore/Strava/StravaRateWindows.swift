import Foundation

/// Strava's rate-limit windows: 15 minutes starting at :00, :15, :30 and :45, and the UTC day.
/// Shared by the app's quota and the simulator, so both count in the same windows.
public enum StravaRateWindows {
    public static let shortSeconds: Int64 = 900
    public static let daySeconds: Int64 = 86_400

    /// Start of the 15-minute window holding `date`, in seconds since 1970.
    public static func shortStart(_ date: Date) -> Int64 {
        floor(epoch(date), shortSeconds)
    }

    /// Start of the UTC day holding `date`, in seconds since 1970.
    public static func dayStart(_ date: Date) -> Int64 {
        floor(epoch(date), daySeconds)
    }

    public static func nextShortReset(after date: Date) -> Date {
        Date(timeIntervalSince1970: Double(shortStart(date) + shortSeconds))
    }

    public static func nextDayReset(after date: Date) -> Date {
        Date(timeIntervalSince1970: Double(dayStart(date) + daySeconds))
    }

    /// Whole seconds since 1970, clamped so absurd dates cannot overflow.
    public static func epoch(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return 0 }
        return Int64(max(-1e15, min(1e15, seconds)).rounded(.down))
    }

    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        let remainder = value % step
        return remainder >= 0 ? value - remainder : value - remainder - step
    }
}

/// A pair of numbers as Strava sends them in its rate-limit headers: "15-minute,daily".
public struct StravaLimitPair: Sendable, Equatable {
    public var short: Int
    public var daily: Int

    public init(short: Int, daily: Int) {
        self.short = short
        self.daily = daily
    }

    /// Parses `"100,1000"` (spaces tolerated); nil for anything else.
    public init?(header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let short = Int(parts[0]), let daily = Int(parts[1]),
              (0...10_000_000).contains(short), (0...100_000_000).contains(daily) else { return nil }
        self.short = short
        self.daily = daily
    }

    public var header: String { "\(short),\(daily)" }
}

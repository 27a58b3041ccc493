import AthletIQCore
import Foundation

/// The athlete's calendar days: an activity counts on the day it started on the athlete's clock
/// (a Paris ride on Monday at 00:30 is Monday's, not Sunday's as in UTC). Days are numbered as
/// `FitnessModel` numbers them. Reading rows in start order, the zone's offset is looked up once
/// per daylight-saving period, not once per activity.
struct AthleteDays {
    let zone: TimeZone
    /// UTC needs no look-up at all (most rows of most athletes until they set a zone).
    private let isUTC: Bool
    private var offset = 0.0
    private var validFrom = Date.distantFuture
    private var validUntil = Date.distantPast

    init(zone: TimeZone) {
        self.zone = zone
        isUTC = zone.identifier == "GMT" || zone.identifier == "UTC"
    }

    /// The athlete's day number of an instant.
    mutating func day(_ date: Date) -> Int {
        FitnessModel.dayNumber(date.addingTimeInterval(offset(at: date)))
    }

    /// The instant the athlete's day begins (local midnight).
    func start(ofDay day: Int) -> Date {
        let midnight = FitnessModel.date(ofDay: day)
        // The offset in force at local midnight: guess with the wall time, then correct.
        let guess = midnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: midnight)))
        return midnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: guess)))
    }

    /// A query's day: a bare date (`2026-03-29`) names the athlete's day itself; a date-time is an
    /// instant, placed on the athlete's day.
    mutating func day(query text: String?, parsed: Date?) -> Int? {
        guard let parsed else { return nil }
        return Self.isBareDate(text) ? FitnessModel.dayNumber(parsed) : day(parsed)
    }

    /// A query's instant: a bare date is the start of that day on the athlete's clock.
    func instant(query text: String?, parsed: Date?) -> Date? {
        guard let parsed else { return nil }
        return Self.isBareDate(text) ? start(ofDay: FitnessModel.dayNumber(parsed)) : parsed
    }

    static func isBareDate(_ text: String?) -> Bool { text?.count == 10 }

    private mutating func offset(at date: Date) -> Double {
        if isUTC { return 0 }
        if date < validFrom || date >= validUntil {
            offset = Double(zone.secondsFromGMT(for: date))
            validFrom = date
            validUntil = zone.nextDaylightSavingTimeTransition(after: date) ?? .distantFuture
        }
        return offset
    }
}

import AthletIQCore
import Foundation

/// The periods the curves page offers, in the athlete's days up to now.
enum CurvePeriod: String, CaseIterable, Sendable {
    case days42 = "42d", days90 = "90d", year = "1y", all

    var days: Int? {
        switch self {
        case .days42: return 42
        case .days90: return 90
        case .year: return 365
        case .all: return nil
        }
    }
}

/// What is laid over the period: nothing, the period just before it, or all time.
enum CurveComparison: String, CaseIterable, Sendable {
    case none, previous, all
}

/// What the curves page shows: the kind of curve, the sport family, the period and the comparison.
struct CurveSelection: Sendable {
    var kind: DurationCurves.Kind = .power
    var family: String = Sport.Family.cycling.rawValue
    var period: CurvePeriod = .days90
    var compare: CurveComparison = .all

    /// The families a curve can be drawn for.
    static let families = [Sport.Family.cycling, .running, .walking, .swimming, .water, .winter].map(\.rawValue)

    /// The period's bounds: from the start of the athlete's day `days` ago (nil: all time), open-ended.
    func range(now: Date, zone: TimeZone) -> (from: Date?, to: Date?) {
        guard let days = period.days else { return (nil, nil) }
        var athleteDays = AthleteDays(zone: zone)
        let today = athleteDays.day(now)
        return (athleteDays.start(ofDay: today - days + 1), nil)
    }

    /// The compared period's bounds, or nil when nothing is compared.
    func comparedRange(now: Date, zone: TimeZone) -> (from: Date?, to: Date?)? {
        switch compare {
        case .none: return nil
        case .all: return period == .all ? nil : (nil, nil)
        case .previous:
            guard let days = period.days, let start = range(now: now, zone: zone).from else { return nil }
            var athleteDays = AthleteDays(zone: zone)
            return (athleteDays.start(ofDay: athleteDays.day(start) - days), start)
        }
    }
}

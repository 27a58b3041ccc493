import Foundation

/// The load metrics the fitness chart can be drawn from.
enum FitnessMetric {
    static let names = ["load", "trimp", "heart_rate", "pace", "power"]
}

/// The ranges the long-term fitness page offers, ending today.
enum FitnessRange: String, CaseIterable, Sendable {
    case days90 = "90d", months6 = "6m", year = "1y", years2 = "2y", years5 = "5y", all

    /// The first day shown; `all` starts at the first activity (at most 30 years back).
    func firstDay(today: Int, firstActivityDay: Int?) -> Int {
        let days: Int
        switch self {
        case .days90: days = 90
        case .months6: days = 183
        case .year: days = 365
        case .years2: days = 730
        case .years5: days = 1826
        case .all: return max(today - QueryBounds.maxSpanDays + 1, min(today - 89, firstActivityDay ?? today))
        }
        return today - days + 1
    }
}

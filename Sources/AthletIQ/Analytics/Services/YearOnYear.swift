import AthletIQCore
import Foundation

/// Distance accumulated through each year, day by day, to lay the years over one another.
enum YearOnYear {
    struct Year: Sendable, Equatable {
        var year: Int
        /// Metres done by the end of each day of the year (index 0 is 1 January); the current
        /// year stops at today.
        var cumulative: [Double]
    }

    /// From daily statistics (`group=day`), the years from `firstYear` to the year of `today`
    /// (an athlete's day number).
    static func years(daily: [PeriodStatsDTO], firstYear: Int, today: Int) -> [Year] {
        let (thisYear, _, _) = CivilDate.components(ofDay: today)
        guard firstYear <= thisYear else { return [] }
        var perDay: [Int: Double] = [:]
        for period in daily {
            let parts = period.period.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { continue }
            perDay[CivilDate.day(year: parts[0], month: parts[1], day: parts[2]), default: 0] += period.distance
        }
        return (firstYear...thisYear).map { year in
            let first = CivilDate.day(year: year, month: 1, day: 1)
            let last = min(CivilDate.day(year: year, month: 12, day: 31), today)
            var total = 0.0
            let cumulative = first > last ? [] : (first...last).map { day -> Double in
                total += perDay[day] ?? 0
                return total
            }
            return Year(year: year, cumulative: cumulative)
        }
    }
}

import Foundation

/// Fitness, fatigue and form over time (the performance-management chart).
///
/// We use GoldenCheetah's exponentially weighted form: `CTL_d = CTL_{d−1}·e^(−1/42) + w_d·(1 − e^(−1/42))`
/// (ATL likewise with 7 days). Form on day d is yesterday's fitness minus yesterday's fatigue
/// (TSB_d = CTL_{d−1} − ATL_{d−1}): positive is fresh. The ramp rate is CTL_d − CTL_{d−7}.
public enum FitnessModel {
    public static let fitnessDays = 42.0
    public static let fatigueDays = 7.0

    public struct Day: Sendable, Codable, Equatable {
        /// Days since 1970-01-01 (UTC).
        public var day: Int
        public var load: Double
        public var fitness: Double
        public var fatigue: Double
        public var form: Double
        public var rampRate: Double
    }

    /// How the athlete stands, from form (documented thresholds).
    public enum Status: String, Sendable, Codable {
        /// Form above +5: rested, ready to race (long stretches mean detraining).
        case fresh
        /// Form from −10 to +5: maintaining.
        case neutral
        /// Form from −30 to −10: building fitness.
        case productive
        /// Form below −30: accumulated fatigue; injury and illness risk.
        case overreaching

        public init(form: Double) {
            if form > 5 { self = .fresh } else if form >= -10 { self = .neutral } else if form >= -30 { self = .productive } else { self = .overreaching }
        }
    }

    /// The chart from `firstDay` to `lastDay` (inclusive) for daily loads keyed by day number.
    /// Starts from zero fitness on `firstDay`; pass the first day with load for a full history.
    public static func series(loads: [Int: Double], from firstDay: Int, to lastDay: Int,
                              initialFitness: Double = 0, initialFatigue: Double = 0) -> [Day] {
        guard lastDay >= firstDay else { return [] }
        let fitnessDecay = exp(-1 / fitnessDays), fatigueDecay = exp(-1 / fatigueDays)
        var result: [Day] = []
        result.reserveCapacity(lastDay - firstDay + 1)
        var fitness = initialFitness, fatigue = initialFatigue
        for day in firstDay...lastDay {
            let load = loads[day] ?? 0
            let form = fitness - fatigue
            fitness = fitness * fitnessDecay + load * (1 - fitnessDecay)
            fatigue = fatigue * fatigueDecay + load * (1 - fatigueDecay)
            let weekAgo = result.count >= 7 ? result[result.count - 7].fitness : initialFitness
            result.append(Day(day: day, load: load, fitness: fitness, fatigue: fatigue, form: form, rampRate: fitness - weekAgo))
        }
        return result
    }

    public static func dayNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public static func date(ofDay day: Int) -> Date {
        Date(timeIntervalSince1970: Double(day) * 86_400)
    }
}

/// Calendar arithmetic on UTC day numbers (days since 1970-01-01), without Foundation's Calendar
/// (it is too slow for thousands of rows).
public enum CivilDate {
    /// Year, month (1-12) and day of a day number (Howard Hinnant's algorithm).
    public static func components(ofDay day: Int) -> (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func day(year: Int, month: Int, day: Int) -> Int {
        FastDate.daysFromCivil(year: year, month: month, day: day)
    }

    /// The Monday starting the week of `day` (1970-01-01 was a Thursday).
    public static func weekStart(_ day: Int) -> Int {
        day - ((day % 7 + 7 + 3) % 7)
    }

    public static func monthStart(_ day: Int) -> Int {
        let c = components(ofDay: day)
        return Self.day(year: c.year, month: c.month, day: 1)
    }

    public static func yearStart(_ day: Int) -> Int {
        Self.day(year: components(ofDay: day).year, month: 1, day: 1)
    }
}

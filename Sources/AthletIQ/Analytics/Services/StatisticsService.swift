import AthletIQCore
import Fluent
import Foundation
import SQLKit

/// Period statistics and the daily load series, read with plain SQL (only the columns needed:
/// thousands of activities in a few milliseconds).
struct StatisticsService {
    let database: any Database
    let userID: UUID
    var cache: ActivityRowsCache?
    /// The athlete's time zone: the days, weeks, months and years are theirs.
    var zone: TimeZone = .gmt

    struct Row {
        var start_date: Date
        var sport: String
        var distance: Double?
        var moving_time: Double?
        var elapsed_time: Double
        var ascent: Double?
        var load: Double?
        var trimp: Double?
        var heart_rate_stress: Double?
        var running_stress: Double?
        var power_stress: Double?
    }

    static let rowColumns = ["start_date", "sport", "distance", "moving_time", "elapsed_time", "ascent", "load", "trimp",
                             "heart_rate_stress", "running_stress", "power_stress"]

    /// A row read column by column: for thousands of rows, twice as fast as through `Decodable`
    /// (whose keyed container asks each optional column three times).
    static func row(_ sql: any SQLRow) throws -> Row {
        func optional(_ column: String) throws -> Double? {
            try sql.decodeNil(column: column) ? nil : sql.decode(column: column, as: Double.self)
        }
        return Row(start_date: try sql.decode(column: "start_date", as: Date.self), sport: try sql.decode(column: "sport", as: String.self),
                   distance: try optional("distance"), moving_time: try optional("moving_time"),
                   elapsed_time: try sql.decode(column: "elapsed_time", as: Double.self), ascent: try optional("ascent"),
                   load: try optional("load"), trimp: try optional("trimp"), heart_rate_stress: try optional("heart_rate_stress"),
                   running_stress: try optional("running_stress"), power_stress: try optional("power_stress"))
    }

    func rows(from: Date?, to: Date?) async throws -> [Row] {
        let all = try await (cache ?? ActivityRowsCache()).rows(userID: userID, database: database)
        // The rows are sorted by start: cut the range by binary search.
        func firstIndex(atOrAfter date: Date) -> Int {
            var low = 0, high = all.count
            while low < high {
                let middle = (low + high) / 2
                if all[middle].start_date < date { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let lower = from.map(firstIndex) ?? 0
        let upper = to.map(firstIndex) ?? all.count
        return lower < upper ? Array(all[lower..<upper]) : []
    }

    enum Group: String { case day, week, month, year }

    /// The first day of the period holding `day`.
    static func periodStart(day: Int, _ group: Group) -> Int {
        switch group {
        case .day: return day
        case .week: return CivilDate.weekStart(day)
        case .month: return CivilDate.monthStart(day)
        case .year: return CivilDate.yearStart(day)
        }
    }

    static func label(day: Int, _ group: Group) -> String {
        let c = CivilDate.components(ofDay: day)
        switch group {
        case .day, .week: return "\(padded(c.year, 4))-\(padded(c.month, 2))-\(padded(c.day, 2))"
        case .month: return "\(padded(c.year, 4))-\(padded(c.month, 2))"
        case .year: return padded(c.year, 4)
        }
    }

    /// `value` with leading zeros to `width` digits (String(format:) costs a microsecond a call).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width || value < 0 ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    func statistics(group: Group, from: Date?, to: Date?, sports: Set<String>?) async throws -> StatsResponse {
        PeriodStatistics.make(rows: try await rows(from: from, to: to), group: group, from: from, sports: sports,
                              days: AthleteDays(zone: zone))
    }

    /// The chart, and `projectDays` after `last` as the sessions planned then would make it
    /// (their expected loads, on the scale of the load metric).
    func fitness(metric: String, from first: Int?, to last: Int, projectDays: Int) async throws -> FitnessResponse {
        guard projectDays > 0 else { return try await fitness(metric: metric, from: first, to: last) }
        let threshold = try await AthleteParametersService(database: database, userID: userID)
            .resolve(at: FitnessModel.date(ofDay: last)).parameters.thresholdSpeed
        let planned = try await PlannedLoadService(database: database, userID: userID)
            .loads(from: last + 1, to: last + projectDays, thresholdSpeed: threshold)
        return try await fitness(metric: metric, from: first, to: last, planned: planned, projectTo: last + projectDays)
    }

    /// The fitness chart for a load metric, from the first activity (so fitness has its history)
    /// to the athlete's day `last`, returned from the day `first` (default: 90 days); with
    /// `planned` loads (by day), the days after `last` through `projectTo` as those sessions would make them.
    func fitness(metric: String, from first: Int?, to last: Int, planned: [Int: Double] = [:], projectTo: Int? = nil) async throws -> FitnessResponse {
        var days = AthleteDays(zone: zone)
        let rows = try await rows(from: nil, to: days.start(ofDay: last + 1))
        var loads: [Int: Double] = [:]
        for row in rows {
            let value: Double?
            switch metric {
            case "trimp": value = row.trimp
            case "heart_rate": value = row.heart_rate_stress
            case "pace": value = row.running_stress
            case "power": value = row.power_stress
            default: value = row.load
            }
            if let value { loads[days.day(row.start_date), default: 0] += value }
        }
        let fromDay = first ?? (last - 89)
        let first = min(loads.keys.min() ?? fromDay, fromDay)
        let series = FitnessModel.series(loads: loads, from: min(first, last), to: last)
        let shown = series.filter { $0.day >= fromDay }.map(Self.dto)
        let today = series.last
        var projected: [FitnessDayDTO]?
        if let projectTo, projectTo > last {
            projected = FitnessModel.series(loads: planned, from: last + 1, to: projectTo, initialFitness: today?.fitness ?? 0,
                                            initialFatigue: today?.fatigue ?? 0).map(Self.dto)
        }
        return FitnessResponse(metric: metric, timeZone: zone.identifier, days: shown, status: today.map { FitnessModel.Status(form: $0.form).rawValue },
                               today: today.map(Self.dto), projected: projected)
    }

    static func dto(_ day: FitnessModel.Day) -> FitnessDayDTO {
        func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        return FitnessDayDTO(date: label(day: day.day, .day),
                             load: round(day.load), fitness: round(day.fitness), fatigue: round(day.fatigue),
                             form: round(day.form), rampRate: round(day.rampRate))
    }
}

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

    struct Row: Decodable {
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

    static func periodStart(_ date: Date, _ group: Group) -> Date {
        let day = FitnessModel.dayNumber(date)
        switch group {
        case .day: return FitnessModel.date(ofDay: day)
        case .week: return FitnessModel.date(ofDay: CivilDate.weekStart(day))
        case .month: return FitnessModel.date(ofDay: CivilDate.monthStart(day))
        case .year: return FitnessModel.date(ofDay: CivilDate.yearStart(day))
        }
    }

    static func label(_ date: Date, _ group: Group) -> String {
        let c = CivilDate.components(ofDay: FitnessModel.dayNumber(date))
        switch group {
        case .day, .week: return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
        case .month: return String(format: "%04d-%02d", c.year, c.month)
        case .year: return String(format: "%04d", c.year)
        }
    }

    func statistics(group: Group, from: Date?, to: Date?, sports: Set<String>?) async throws -> StatsResponse {
        let rows = try await rows(from: from, to: to).filter { sports?.contains($0.sport) ?? true }
        var periods: [Date: [Row]] = [:]
        for row in rows { periods[Self.periodStart(row.start_date, group), default: []].append(row) }
        let summaries = periods.keys.sorted().map { start in Self.summarize(periods[start] ?? [], label: Self.label(start, group), start: start) }
        let total = Self.summarize(rows, label: "total", start: rows.first?.start_date ?? from ?? Date())
        let road = Self.sportStats(rows.filter { $0.sport == Sport.run.rawValue || $0.sport == Sport.virtualRun.rawValue })
        let trail = Self.sportStats(rows.filter { $0.sport == Sport.trailRun.rawValue })
        return StatsResponse(group: group.rawValue, periods: summaries, total: total, road: road, trail: trail)
    }

    static func summarize(_ rows: [Row], label: String, start: Date) -> PeriodStatsDTO {
        let all = sportStats(rows)
        var bySport: [String: SportStatsDTO] = [:]
        for (sport, group) in Dictionary(grouping: rows, by: \.sport) { bySport[sport] = sportStats(group) }
        return PeriodStatsDTO(period: label, start: start, count: all.count, distance: all.distance, movingTime: all.movingTime,
                              elevationGain: all.elevationGain, pace: all.pace, load: rows.compactMap(\.load).reduce(0, +), bySport: bySport)
    }

    static func sportStats(_ rows: [Row]) -> SportStatsDTO {
        let distance = rows.compactMap(\.distance).reduce(0, +)
        let moving = rows.map { $0.moving_time ?? $0.elapsed_time }.reduce(0, +)
        let timeWithDistance = rows.filter { ($0.distance ?? 0) > 0 }.map { $0.moving_time ?? $0.elapsed_time }.reduce(0, +)
        return SportStatsDTO(count: rows.count, distance: distance, movingTime: moving,
                             elevationGain: rows.compactMap(\.ascent).reduce(0, +),
                             pace: distance > 0 ? timeWithDistance / distance : nil)
    }

    /// The fitness chart for a load metric, from the first activity (so fitness has its history)
    /// to `to`, returned from `from`.
    func fitness(metric: String, from: Date?, to: Date) async throws -> FitnessResponse {
        let rows = try await rows(from: nil, to: to.addingTimeInterval(86_400))
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
            if let value { loads[FitnessModel.dayNumber(row.start_date), default: 0] += value }
        }
        let last = FitnessModel.dayNumber(to)
        let fromDay = from.map(FitnessModel.dayNumber) ?? (last - 89)
        let first = min(loads.keys.min() ?? fromDay, fromDay)
        let series = FitnessModel.series(loads: loads, from: min(first, last), to: last)
        let days = series.filter { $0.day >= fromDay }.map(Self.dto)
        let today = series.last
        return FitnessResponse(metric: metric, days: days, status: today.map { FitnessModel.Status(form: $0.form).rawValue },
                               today: today.map(Self.dto))
    }

    static func dto(_ day: FitnessModel.Day) -> FitnessDayDTO {
        func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        return FitnessDayDTO(date: label(FitnessModel.date(ofDay: day.day), .day),
                             load: round(day.load), fitness: round(day.fitness), fatigue: round(day.fatigue),
                             form: round(day.form), rampRate: round(day.rampRate))
    }
}

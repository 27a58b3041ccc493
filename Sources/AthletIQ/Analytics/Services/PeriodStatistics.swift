import AthletIQCore
import Foundation

/// Period statistics from activity rows sorted by start, in one pass: each row is added to its
/// period, to its sport within the period, to the total and to road or trail running. (The
/// earlier version grouped into dictionaries and summed each figure in its own pass; on 5,000
/// activities that was a fifth of the request.)
enum PeriodStatistics {
    /// Running sums of one set of activities.
    struct Totals {
        var count = 0
        var distance = 0.0
        var movingTime = 0.0
        /// Moving time of the activities with a distance: the pace's numerator.
        var timeWithDistance = 0.0
        var elevationGain = 0.0
        var load = 0.0

        mutating func add(_ row: StatisticsService.Row) {
            let moving = row.moving_time ?? row.elapsed_time
            count += 1
            movingTime += moving
            if let distance = row.distance {
                self.distance += distance
                if distance > 0 { timeWithDistance += moving }
            }
            elevationGain += row.ascent ?? 0
            load += row.load ?? 0
        }

        var sport: SportStatsDTO {
            SportStatsDTO(count: count, distance: distance, movingTime: movingTime, elevationGain: elevationGain,
                          pace: distance > 0 ? timeWithDistance / distance : nil)
        }
    }

    /// One period (or the whole range) with its sports.
    struct Period {
        var start: Date
        /// The athlete's day the period begins on.
        var day = 0
        var all = Totals()
        var bySport: [String: Totals] = [:]

        mutating func add(_ row: StatisticsService.Row) {
            all.add(row)
            bySport[row.sport, default: Totals()].add(row)
        }

        func dto(label: String) -> PeriodStatsDTO {
            let all = all.sport
            return PeriodStatsDTO(period: label, start: start, count: all.count, distance: all.distance, movingTime: all.movingTime,
                                  elevationGain: all.elevationGain, pace: all.pace, load: self.all.load,
                                  bySport: bySport.mapValues(\.sport))
        }
    }

    static let roadSports: Set<String> = [Sport.run.rawValue, Sport.virtualRun.rawValue]

    /// `rows` must be sorted by start date (the rows cache keeps them so).
    /// Periods are the athlete's (`days`): each starts at local midnight and is labelled by its local date.
    static func make(rows: [StatisticsService.Row], group: StatisticsService.Group, from: Date?, sports: Set<String>?,
                     days: AthleteDays = AthleteDays(zone: .gmt)) -> StatsResponse {
        var days = days
        var periods: [PeriodStatsDTO] = []
        var current: Period?
        var total: Period?
        var road = Totals(), trail = Totals()
        for row in rows where sports?.contains(row.sport) ?? true {
            let startDay = StatisticsService.periodStart(day: days.day(row.start_date), group)
            if current?.day != startDay {
                if let finished = current { periods.append(finished.dto(label: StatisticsService.label(day: finished.day, group))) }
                current = Period(start: days.start(ofDay: startDay), day: startDay)
            }
            current?.add(row)
            if total == nil { total = Period(start: row.start_date) }
            total?.add(row)
            if roadSports.contains(row.sport) { road.add(row) } else if row.sport == Sport.trailRun.rawValue { trail.add(row) }
        }
        if let finished = current { periods.append(finished.dto(label: StatisticsService.label(day: finished.day, group))) }
        let whole = total ?? Period(start: from ?? Date(timeIntervalSince1970: 0))
        return StatsResponse(group: group.rawValue, timeZone: days.zone.identifier, periods: periods, total: whole.dto(label: "total"), road: road.sport, trail: trail.sport)
    }
}

import AthletIQCore
import Foundation

/// A race's official result. GPS measures a marathon at 42,191.7 m or 42,450 m; the athlete knows
/// it was 42,195 m in 3:29:58. The official distance and time win over the recording for the
/// records, the predictions and the backtest.
enum RaceResult {
    /// How far a recorded race may be from a standard distance and still count as it (GPS error).
    static let tolerance = 0.02

    /// Sets the race flag (when given) and the official distance and time (0 clears one); giving
    /// them marks the activity a race unless `race` says otherwise. Returns whether any changed.
    static func apply(distance: Double?, time: Double?, race: Bool?, to activity: Activity) throws -> Bool {
        func value(_ number: Double?, _ name: String, _ range: ClosedRange<Double>) throws -> Double?? {
            guard let number else { return .none }
            guard number.isFinite else { throw APIError.validation("\(name) must be a number.") }
            if number == 0 { return .some(nil) }
            guard range.contains(number) else {
                throw APIError.validation("\(name) must be from \(Int(range.lowerBound)) to \(Int(range.upperBound)), or 0 to clear it.")
            }
            return .some(number)
        }
        let newDistance = try value(distance, "race_distance", 100...1_000_000)
        let newTime = try value(time, "race_time", 1...604_800)
        let before = (activity.isRace, activity.raceDistance, activity.raceTime)
        if let race { activity.isRace = race }
        if let newDistance { activity.raceDistance = newDistance }
        if let newTime { activity.raceTime = newTime }
        if activity.raceDistance != nil || activity.raceTime != nil, race != false { activity.isRace = true }
        return before != (activity.isRace, activity.raceDistance, activity.raceTime)
    }

    /// The race as a performance: its official distance and time where given, else the recorded ones.
    static func performance(of activity: Activity) -> Performance? {
        guard let distance = activity.raceDistance ?? activity.distance, distance > 0 else { return nil }
        let time = activity.raceTime ?? activity.movingTime ?? activity.elapsedTime
        guard time > 0 else { return nil }
        return Performance(distance: distance, time: time, date: activity.startDate, label: activity.name,
                           source: activity.id?.uuidString)
    }

    /// The activity's best efforts with a race counted at its standard distance: the official time
    /// replaces what the samples found; a race measured a little short (which no stretch of the
    /// samples covers) still counts as that distance with its own time.
    static func efforts(_ efforts: [BestEfforts.Effort], of activity: Activity, family: Sport.Family) -> [BestEfforts.Effort] {
        guard activity.isRace, family == .running, let race = performance(of: activity),
              let standard = BestEfforts.distances.first(where: { abs(race.distance - $0.meters) <= $0.meters * tolerance }) else {
            return efforts
        }
        var result = efforts
        let official = activity.raceTime != nil && activity.raceDistance != nil
        if let index = result.firstIndex(where: { $0.name == standard.name }) {
            if official { result[index].value = race.time }
        } else {
            result.append(BestEfforts.Effort(name: standard.name, value: race.time, startOffset: 0))
        }
        return result
    }
}

import AthletIQCore
import Foundation

/// The figures an activity page shows, in the measures of its sport: pace and steps per minute
/// on foot, speed, power and revolutions per minute on a bike, pace per 100 m in the water.
/// Averages are over moving time, like the time shown beside them.
struct ActivityFigures {
    let sport: Sport
    let formats: Formats

    enum Measure { case pace, pacePer100, speed }

    var measure: Measure {
        switch sport.family {
        case .running, .walking: return .pace
        case .swimming: return .pacePer100
        default: return .speed
        }
    }

    /// "Pace" or "Speed", and the speed written that way.
    func label(_ strings: Strings) -> String { strings[measure == .speed ? "activity.speed" : "activity.pace"] }

    func write(_ speed: Double?) -> String {
        switch measure {
        case .pace: return formats.pace(speed)
        case .pacePer100: return formats.pacePer100Metres(speed)
        case .speed: return formats.speed(speed)
        }
    }

    /// Cadence as the sport counts it. Running devices record strides (one foot) per minute;
    /// runners read steps (both feet), so values that look like strides are doubled.
    func cadence(_ values: [Double]) -> (unit: String, values: [Double]) {
        switch sport.family {
        case .running, .walking:
            let recorded = values.filter { $0.isFinite && $0 > 0 }.sorted()
            let median = recorded.isEmpty ? 0 : recorded[recorded.count / 2]
            return ("spm", median > 0 && median < 130 ? values.map { $0 * 2 } : values)
        case .cycling: return ("rpm", values)
        default: return ("/min", values)
        }
    }

    /// Splits of the sport's length: kilometres on foot and in the water, 5 km on a bike.
    func splits(_ kilometres: [ActivityAnalysis.Split]) -> (length: Double, rows: [ActivityAnalysis.Split]) {
        guard sport.family == .cycling else { return (1, kilometres) }
        return (5, stride(from: 0, to: kilometres.count, by: 5).map { start in
            Self.merge(Array(kilometres[start..<min(kilometres.count, start + 5)]), index: start / 5 + 1)
        })
    }

    static func merge(_ splits: [ActivityAnalysis.Split], index: Int) -> ActivityAnalysis.Split {
        let distance = splits.reduce(0) { $0 + $1.distance }
        let moving = splits.reduce(0) { $0 + $1.movingTime }
        let heartTime = splits.filter { $0.averageHeartRate != nil }.reduce(0) { $0 + $1.movingTime }
        let heart = splits.reduce(0) { $0 + ($1.averageHeartRate ?? 0) * $1.movingTime }
        return ActivityAnalysis.Split(
            index: index, distance: distance, movingTime: moving, elapsedTime: splits.reduce(0) { $0 + $1.elapsedTime },
            speed: moving > 0 ? distance / moving : 0, gradeAdjustedSpeed: nil,
            elevationGain: splits.reduce(0) { $0 + $1.elevationGain }, elevationLoss: splits.reduce(0) { $0 + $1.elevationLoss },
            averageHeartRate: heartTime > 0 ? heart / heartTime : nil)
    }

    /// Average power over the recording (coasting counts, as devices count it).
    static func averagePower(_ samples: SampleSeries) -> Double? {
        guard let power = samples[.power] else { return nil }
        let recorded = power.filter { $0.isFinite }
        return recorded.isEmpty ? nil : recorded.reduce(0, +) / Double(recorded.count)
    }
}

import Foundation

/// A named band of values: `lower <= value < upper`.
public struct Zone: Sendable, Codable, Equatable {
    public var name: String
    public var lower: Double
    public var upper: Double

    public init(name: String, lower: Double, upper: Double) {
        self.name = name
        self.lower = lower
        self.upper = upper
    }
}

/// How heart-rate zones are drawn.
public enum HeartRateZoneMethod: String, Sendable, Codable, CaseIterable {
    /// Five zones of heart-rate reserve (Karvonen), from maximum and resting heart rate.
    case reserve = "heart_rate_reserve"
    /// Friel's seven zones from the lactate-threshold heart rate.
    case lactateThreshold = "lactate_threshold"
}

/// Training zones: heart rate (five zones of heart-rate reserve, or Friel's from LTHR), pace
/// (from threshold pace) and power (Coggan's seven from FTP).
public enum Zones {
    /// The athlete's one heart-rate zone model, the same for settings, analyses and charts: the
    /// method they chose, else Friel's when a threshold is known, else heart-rate reserve. Nil
    /// when the values the method needs are unknown.
    public static func heartRate(for parameters: AthleteParameters) -> (method: HeartRateZoneMethod, zones: [Zone])? {
        let threshold = parameters.lactateThresholdHeartRate
        let method = parameters.heartRateZoneMethod ?? (threshold != nil ? .lactateThreshold : .reserve)
        switch method {
        case .lactateThreshold:
            if let threshold { return (method, heartRate(lactateThreshold: threshold)) }
        case .reserve:
            break
        }
        guard let max = parameters.maxHeartRate else { return nil }
        return (.reserve, heartRate(max: max, resting: parameters.restingHeartRate ?? 60))
    }

    /// Five zones of heart-rate reserve (Karvonen): 50-60-70-80-90-100 %.
    public static func heartRate(max: Double, resting: Double) -> [Zone] {
        let reserve = max - resting
        let bounds = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0].map { resting + reserve * $0 }
        return (0..<5).map { Zone(name: "Z\($0 + 1)", lower: $0 == 0 ? 0 : bounds[$0], upper: $0 == 4 ? 255 : bounds[$0 + 1]) }
    }

    /// Friel's running zones from lactate-threshold heart rate (85, 90, 95, 100, 103, 106 %).
    public static func heartRate(lactateThreshold lthr: Double) -> [Zone] {
        let bounds = [0, 0.85, 0.90, 0.95, 1.00, 1.03, 1.06].map { lthr * $0 }
        let names = ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"]
        return (0..<7).map { Zone(name: names[$0], lower: bounds[$0], upper: $0 == 6 ? 255 : bounds[$0 + 1]) }
    }

    /// Pace zones as speeds (m/s) from threshold speed: <78 %, 78-88, 88-95, 95-102, 102-110, >110 %.
    public static func pace(thresholdSpeed: Double) -> [Zone] {
        let bounds = [0, 0.78, 0.88, 0.95, 1.02, 1.10].map { thresholdSpeed * $0 }
        return (0..<6).map { Zone(name: "Z\($0 + 1)", lower: bounds[$0], upper: $0 == 5 ? 100 : bounds[$0 + 1]) }
    }

    /// Coggan's power zones from FTP: 55, 75, 90, 105, 120, 150 %.
    public static func power(ftp: Double) -> [Zone] {
        let bounds = [0, 0.55, 0.75, 0.90, 1.05, 1.20, 1.50].map { ftp * $0 }
        return (0..<7).map { Zone(name: "Z\($0 + 1)", lower: bounds[$0], upper: $0 == 6 ? 10_000 : bounds[$0 + 1]) }
    }

    /// Seconds spent in each zone, weighting each sample by the time to the next one (gaps over
    /// `maxGap` seconds count as pauses).
    /// Seconds in each zone, each sample standing for `weights[i]` seconds.
    public static func timeIn(_ zones: [Zone], values: [Double], weights: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: zones.count)
        for index in 0..<min(values.count, weights.count) where !values[index].isNaN && weights[index] > 0 {
            if let zone = zones.firstIndex(where: { values[index] >= $0.lower && values[index] < $0.upper }) { result[zone] += weights[index] }
        }
        return result
    }

    public static func timeIn(_ zones: [Zone], values: [Double], times: [Double], maxGap: Double = 10) -> [Double] {
        var result = [Double](repeating: 0, count: zones.count)
        guard values.count == times.count, values.count > 1 else { return result }
        for index in 0..<(values.count - 1) {
            let value = values[index], dt = times[index + 1] - times[index]
            guard !value.isNaN, dt > 0, dt <= maxGap else { continue }
            if let zone = zones.firstIndex(where: { value >= $0.lower && value < $0.upper }) { result[zone] += dt }
        }
        return result
    }
}

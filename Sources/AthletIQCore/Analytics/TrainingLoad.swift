import Foundation

/// The physiology an analysis uses, as valid on the activity's date.
public struct AthleteParameters: Sendable, Codable, Equatable {
    public enum Sex: String, Sendable, Codable { case male, female, unspecified }

    public var maxHeartRate: Double?
    public var restingHeartRate: Double?
    public var lactateThresholdHeartRate: Double?
    /// Threshold (about one-hour race) speed in m/s.
    public var thresholdSpeed: Double?
    public var ftp: Double?
    public var weight: Double?
    public var sex: Sex
    /// The athlete's choice of heart-rate zones; nil: from the threshold when known, else reserve.
    public var heartRateZoneMethod: HeartRateZoneMethod?

    public init(maxHeartRate: Double? = nil, restingHeartRate: Double? = nil, lactateThresholdHeartRate: Double? = nil,
                thresholdSpeed: Double? = nil, ftp: Double? = nil, weight: Double? = nil, sex: Sex = .unspecified,
                heartRateZoneMethod: HeartRateZoneMethod? = nil) {
        self.maxHeartRate = maxHeartRate
        self.restingHeartRate = restingHeartRate
        self.lactateThresholdHeartRate = lactateThresholdHeartRate
        self.thresholdSpeed = thresholdSpeed
        self.ftp = ftp
        self.weight = weight
        self.sex = sex
        self.heartRateZoneMethod = heartRateZoneMethod
    }
}

/// Training-load scores (see SCIENCE.md). The TSS-family names are trademarks: the interface
/// labels them generically ("load", "intensity").
public enum TrainingLoad {
    /// Banister's TRIMP summed over the per-second heart rate: Σ minutes × HRr × a·e^(b·HRr), with
    /// HRr = (HR − rest)/(max − rest); men a = 0.64, b = 1.92; women a = 0.86, b = 1.67 (and the men's
    /// constants when the sex is not given, as most tools do).
    public static func banisterTRIMP(heartRates: [Double], times: [Double], maxHR: Double, restHR: Double,
                                     sex: AthleteParameters.Sex, maxGap: Double = 10) -> Double {
        guard maxHR > restHR else { return 0 }
        let (a, b) = sex == .female ? (0.86, 1.67) : (0.64, 1.92)
        var total = 0.0
        for index in 0..<max(0, min(heartRates.count, times.count) - 1) {
            let hr = heartRates[index], dt = times[index + 1] - times[index]
            guard !hr.isNaN, dt > 0, dt <= maxGap else { continue }
            let reserve = min(1, max(0, (hr - restHR) / (maxHR - restHR)))
            total += dt / 60 * reserve * a * exp(b * reserve)
        }
        return total
    }

    /// Edwards' TRIMP: minutes in the zones 50–60, 60–70, 70–80, 80–90, 90–100 % of max HR, weighted 1 to 5.
    public static func edwardsTRIMP(heartRates: [Double], times: [Double], maxHR: Double, maxGap: Double = 10) -> Double {
        guard maxHR > 0 else { return 0 }
        var total = 0.0
        for index in 0..<max(0, min(heartRates.count, times.count) - 1) {
            let hr = heartRates[index], dt = times[index + 1] - times[index]
            guard !hr.isNaN, dt > 0, dt <= maxGap else { continue }
            guard let weight = edwardsWeight(heartRate: hr, maxHR: maxHR) else { continue }
            total += dt / 60 * weight
        }
        return total
    }

    /// Banister's TRIMP with each sample standing for `weights[i]` seconds (see `ActivityAnalyzer`).
    public static func banisterTRIMP(heartRates: [Double], weights: [Double], maxHR: Double, restHR: Double,
                                     sex: AthleteParameters.Sex) -> Double {
        guard maxHR > restHR else { return 0 }
        let (a, b) = sex == .female ? (0.86, 1.67) : (0.64, 1.92)
        var total = 0.0
        for index in 0..<min(heartRates.count, weights.count) where !heartRates[index].isNaN && weights[index] > 0 {
            let reserve = min(1, max(0, (heartRates[index] - restHR) / (maxHR - restHR)))
            total += weights[index] / 60 * reserve * a * exp(b * reserve)
        }
        return total
    }

    /// Edwards' TRIMP with each sample standing for `weights[i]` seconds.
    public static func edwardsTRIMP(heartRates: [Double], weights: [Double], maxHR: Double) -> Double {
        guard maxHR > 0 else { return 0 }
        var total = 0.0
        for index in 0..<min(heartRates.count, weights.count) where !heartRates[index].isNaN && weights[index] > 0 {
            guard let weight = edwardsWeight(heartRate: heartRates[index], maxHR: maxHR) else { continue }
            total += weights[index] / 60 * weight
        }
        return total
    }

    /// 1 for 50-60 % of max, ... 5 for 90 % and more; nil below 50 %. Computed in tenths of the
    /// maximum with a tolerance: (0.6 − 0.5) × 10 is 0.9999… in floating point, which put a heart
    /// rate of exactly 60 % in zone 1.
    static func edwardsWeight(heartRate: Double, maxHR: Double) -> Double? {
        let tenths = (heartRate * 10 / maxHR + 1e-9).rounded(.down)
        guard tenths >= 5 else { return nil }
        return min(5, tenths - 4)
    }

    /// Normalized power: fourth root of the mean of the fourth powers of the 30-second rolling average.
    public static func normalizedPower(times: [Double], power: [Double]) -> Double? {
        normalizedPower(OneSecondGrid(times: times, values: power, fillGaps: 0).values)
    }

    /// Normalized power of values already on a one-second grid (also used for normalized graded pace).
    public static func normalizedPower(_ grid: [Double]) -> Double? {
        guard grid.count >= 30 else { return nil }
        var window = grid[0..<30].reduce(0, +)
        var sum = pow(window / 30, 4)
        var count = 1.0
        for index in 30..<grid.count {
            window += grid[index] - grid[index - 30]
            sum += pow(max(0, window) / 30, 4)
            count += 1
        }
        return pow(sum / count, 0.25)
    }

    /// Stress score from intensity: hours × intensity² × 100 (one hour at threshold is 100).
    public static func stressScore(seconds: Double, intensity: Double) -> Double {
        seconds / 3600 * intensity * intensity * 100
    }

    /// Heart-rate stress: hours × (HRR average / HRR at threshold)² × 100.
    public static func heartRateStress(seconds: Double, averageHR: Double, maxHR: Double, restHR: Double, thresholdHR: Double) -> Double? {
        let reserve = maxHR - restHR
        guard reserve > 0, thresholdHR > restHR else { return nil }
        let intensity = ((averageHR - restHR) / reserve) / ((thresholdHR - restHR) / reserve)
        return stressScore(seconds: seconds, intensity: max(0, intensity))
    }
}

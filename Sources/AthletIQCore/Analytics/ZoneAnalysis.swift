import Foundation

/// A distribution as a box plot: quartiles, median, and Tukey whiskers (1.5 × IQR, within the data).
public struct BoxPlot: Sendable, Codable, Equatable {
    public var count: Int
    public var lowerWhisker: Double
    public var firstQuartile: Double
    public var median: Double
    public var thirdQuartile: Double
    public var upperWhisker: Double

    public init?(_ values: [Double]) {
        let sorted = values.filter { $0.isFinite }.sorted()
        guard !sorted.isEmpty else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        let q1 = quantile(0.25), q3 = quantile(0.75)
        let iqr = q3 - q1
        count = sorted.count
        firstQuartile = q1
        median = quantile(0.5)
        thirdQuartile = q3
        lowerWhisker = sorted.first { $0 >= q1 - 1.5 * iqr } ?? sorted[0]
        upperWhisker = sorted.last { $0 <= q3 + 1.5 * iqr } ?? sorted[sorted.count - 1]
    }
}

/// Relations across many runs: pace per heart-rate zone, and climbing per kilometre against pace.
public enum ZoneAnalysis {
    /// Running speeds outside this range (m/s) are GPS glitches or walking breaks: about 11:00 to 2:20 min/km.
    public static let plausibleSpeed = 1.5...7.0
    public static let plausibleHeartRate = 40.0...230.0

    public struct ZonePace: Sendable, Codable, Equatable {
        public var zone: Zone
        /// Pace in seconds per kilometre.
        public var pace: BoxPlot?
    }

    /// The pace distribution in each heart-rate zone over the moving samples of `activities`.
    public static func paceByHeartRateZone(_ activities: [SampleSeries], zones: [Zone]) -> [ZonePace] {
        var paces = [[Double]](repeating: [], count: zones.count)
        for samples in activities {
            guard let heartRates = samples[.heartRate], let speeds = samples[.speed] ?? ActivityAnalyzer.derivedSpeeds(samples) else { continue }
            for index in 0..<samples.count {
                let hr = heartRates[index], speed = speeds[index]
                guard !hr.isNaN, !speed.isNaN, plausibleHeartRate.contains(hr), plausibleSpeed.contains(speed),
                      let zone = zones.firstIndex(where: { hr >= $0.lower && hr < $0.upper }) else { continue }
                paces[zone].append(1000 / speed)
            }
        }
        return zip(zones, paces).map { ZonePace(zone: $0, pace: BoxPlot($1)) }
    }

    public struct ElevationPace: Sendable, Codable, Equatable {
        /// [elevation gain per km (m), pace (s/km)] for each kilometre split kept.
        public var points: [[Double]]
        /// Pearson's correlation between the two; nil under 3 points.
        public var correlation: Double?
        /// Seconds per kilometre added by each metre of climbing (least squares).
        public var secondsPerMetre: Double?
    }

    /// Kilometre splits of runs: climbing against pace. Splits outside 2:30–15:00 min/km or with
    /// more than 300 m of climbing in a kilometre are dropped as bad data.
    public static func elevationVersusPace(_ splits: [ActivityAnalysis.Split]) -> ElevationPace {
        let points = splits.filter { $0.distance >= 990 && $0.speed > 0 }.map { [$0.elevationGain, 1000 / $0.speed] }
            .filter { (150...900).contains($0[1]) && (0...300).contains($0[0]) }
        guard points.count >= 3 else { return ElevationPace(points: points, correlation: nil, secondsPerMetre: nil) }
        let n = Double(points.count)
        let mx = points.map { $0[0] }.reduce(0, +) / n, my = points.map { $0[1] }.reduce(0, +) / n
        let sxx = points.map { ($0[0] - mx) * ($0[0] - mx) }.reduce(0, +)
        let syy = points.map { ($0[1] - my) * ($0[1] - my) }.reduce(0, +)
        let sxy = points.map { ($0[0] - mx) * ($0[1] - my) }.reduce(0, +)
        return ElevationPace(points: points, correlation: sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : nil,
                             secondsPerMetre: sxx > 0 ? sxy / sxx : nil)
    }
}

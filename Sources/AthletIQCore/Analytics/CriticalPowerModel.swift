import Foundation

/// The two-parameter critical-power model (Monod & Scherrer 1965; Jones et al. 2010): the work
/// of an all-out effort lasting t seconds is W = CP·t + W′, where CP is the highest power held
/// without drawing on a finite reserve W′ (joules). The same line on a pace curve gives the
/// critical speed: distance = CS·t + D′ (Hughson et al. 1984). Fitted by least squares on the
/// efforts of 3 to 20 minutes, the range over which the model holds.
public enum CriticalPowerModel {
    public struct Fit: Sendable, Codable, Equatable {
        /// Critical power (W) or critical speed (m/s).
        public var critical: Double
        /// W′ (J) or D′ (m).
        public var reserve: Double
        /// How many efforts the line was fitted to.
        public var efforts: Int
        /// How well the line fits (1 = exactly).
        public var rSquared: Double
    }

    /// Efforts of 3 to 20 minutes.
    public static let window: ClosedRange<Double> = 180...1200

    /// CP and W′ from a mean-maximal power curve (x seconds, value watts).
    public static func power(_ curve: [DurationCurves.Point]) -> Fit? {
        fit(curve.filter { window.contains($0.x) }.map { (time: $0.x, work: $0.value * $0.x) })
    }

    /// Critical speed and D′ from a pace curve (x metres, value seconds).
    public static func speed(_ curve: [DurationCurves.Point]) -> Fit? {
        fit(curve.filter { window.contains($0.value) }.map { (time: $0.value, work: $0.x) })
    }

    /// Least-squares line of work on time; nil unless three efforts give a rising line that
    /// crosses above zero (no reserve says the efforts were not all-out).
    static func fit(_ points: [(time: Double, work: Double)]) -> Fit? {
        let points = points.filter { $0.time.isFinite && $0.work.isFinite && $0.time > 0 && $0.work > 0 }
        guard points.count >= 3 else { return nil }
        let n = Double(points.count)
        let meanTime = points.reduce(0) { $0 + $1.time } / n
        let meanWork = points.reduce(0) { $0 + $1.work } / n
        var covariance = 0.0, variance = 0.0, total = 0.0
        for point in points {
            covariance += (point.time - meanTime) * (point.work - meanWork)
            variance += (point.time - meanTime) * (point.time - meanTime)
            total += (point.work - meanWork) * (point.work - meanWork)
        }
        guard variance > 0, total > 0 else { return nil }
        let slope = covariance / variance
        let intercept = meanWork - slope * meanTime
        // A reserve worth less than a second at critical power is no reserve: steady efforts.
        guard slope > 0, intercept > slope else { return nil }
        let residual = points.reduce(0) { sum, point in
            let error = point.work - (intercept + slope * point.time)
            return sum + error * error
        }
        return Fit(critical: slope, reserve: intercept, efforts: points.count, rSquared: max(0, 1 - residual / total))
    }
}

import Foundation

/// Duration curves: the best average power an athlete held for each duration (mean-maximal
/// power) and the shortest time they took for each distance. An activity has its own curve; a
/// period's curve is the best of its activities' at each point.
public enum DurationCurves {
    public struct Point: Sendable, Codable, Equatable {
        /// Seconds on a power curve, metres on a pace curve.
        public var x: Double
        /// Watts on a power curve, seconds on a pace curve.
        public var value: Double

        public init(x: Double, value: Double) {
            self.x = x
            self.value = value
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case power, pace

        /// Whether `a` beats `b`: more watts, or fewer seconds.
        public func isBetter(_ a: Double, than b: Double) -> Bool { self == .power ? a > b : a < b }
    }

    /// From one second to five hours, about evenly spaced on a log scale.
    public static let durations: [Double] = [
        1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600,
        5400, 7200, 10_800, 14_400, 18_000,
    ]

    /// From 100 m to the marathon, with the distances athletes race.
    public static let distances: [Double] = [
        100, 200, 400, 800, 1000, 1500, 1609.344, 2000, 3000, 5000, 10_000, 15_000, 21_097.5, 30_000, 42_195,
    ]

    /// Mean-maximal power on a one-second grid (gaps count as zero watts, as they do for best efforts).
    public static func power(times: [Double], power: [Double]) -> [Point] {
        let grid = OneSecondGrid(times: times, values: power, fillGaps: 0)
        return MaximalMeans.best(grid.values, windows: durations.map { Int($0) }).map { Point(x: Double($0.window), value: $0.mean) }
    }

    /// The shortest time over each distance (distances already cleared of implausible jumps).
    public static func pace(times: [Double], distances cumulative: [Double]) -> [Point] {
        let targets = distances.map { BestEfforts.Distance(name: String($0), meters: $0) }
        return BestEfforts.fastest(times: times, distances: cumulative, targets: targets).compactMap { effort in
            Double(effort.name).map { Point(x: $0, value: effort.value) }
        }
    }

    /// The best value at each point over several curves, with the index of the curve it came from.
    public static func merge(_ curves: [[Point]], kind: Kind) -> [(point: Point, source: Int)] {
        var best: [Double: (point: Point, source: Int)] = [:]
        for (source, curve) in curves.enumerated() {
            for point in curve where point.value.isFinite && point.value > 0 {
                if let current = best[point.x], !kind.isBetter(point.value, than: current.point.value) { continue }
                best[point.x] = (point, source)
            }
        }
        return best.values.sorted { $0.point.x < $1.point.x }
    }
}

/// The best mean of every window length over a series, from its prefix sums.
enum MaximalMeans {
    static func best(_ values: [Double], windows: [Int]) -> [(window: Int, mean: Double, start: Int)] {
        guard values.count > 1 else { return [] }
        var prefix = [Double](repeating: 0, count: values.count + 1)
        for index in 0..<values.count { prefix[index + 1] = prefix[index] + values[index] }
        var result: [(Int, Double, Int)] = []
        for window in windows where window >= 1 && values.count >= window {
            var best = -Double.infinity, bestStart = 0
            for start in 0...(values.count - window) {
                let mean = (prefix[start + window] - prefix[start]) / Double(window)
                if mean > best { best = mean; bestStart = start }
            }
            result.append((window, best, bestStart))
        }
        return result
    }
}

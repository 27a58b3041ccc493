import Foundation

/// The fastest stretch of an activity for each standard distance, and the best average power
/// for each duration.
public enum BestEfforts {
    public struct Distance: Sendable, Codable, Equatable {
        public var name: String
        public var meters: Double
    }

    public static let distances: [Distance] = [
        Distance(name: "400m", meters: 400), Distance(name: "1k", meters: 1000), Distance(name: "1mile", meters: 1609.344),
        Distance(name: "5k", meters: 5000), Distance(name: "10k", meters: 10_000), Distance(name: "half_marathon", meters: 21_097.5),
        Distance(name: "marathon", meters: 42_195),
    ]

    /// The men's world records (s) on these distances (World Athletics, 2025): no GPS-measured
    /// effort beats them by more than a GPS error.
    public static let worldRecords: [String: Double] = [
        "400m": 43.03, "1k": 131.96, "1mile": 223.13, "5k": 755.36, "10k": 1571.0, "half_marathon": 3450.0, "marathon": 7235.0,
    ]

    /// Whether a running effort is humanly possible: not more than 2 % faster than the world
    /// record (a course measured a little short). Other sports and power are not judged.
    public static func isPlausible(_ name: String, seconds: Double, family: Sport.Family) -> Bool {
        guard family == .running, let record = worldRecords[name] else { return true }
        return seconds.isFinite && seconds >= record * 0.98
    }

    public static let powerDurations: [(name: String, seconds: Double)] = [
        ("power_1min", 60), ("power_5min", 300), ("power_20min", 1200), ("power_60min", 3600),
    ]

    public struct Effort: Sendable, Codable, Equatable {
        public var name: String
        /// Seconds for a distance; watts for a power duration.
        public var value: Double
        /// Seconds from the activity's first sample to the start of the effort.
        public var startOffset: Double

        public init(name: String, value: Double, startOffset: Double) {
            self.name = name
            self.value = value
            self.startOffset = startOffset
        }
    }

    /// The shortest time to cover each distance, interpolating between samples (two pointers over
    /// the cumulative distance).
    public static func fastest(times: [Double], distances: [Double], targets: [Distance] = distances) -> [Effort] {
        var points: [(t: Double, d: Double)] = []
        points.reserveCapacity(times.count)
        for index in 0..<min(times.count, distances.count) where !times[index].isNaN && !distances[index].isNaN {
            if let last = points.last, distances[index] < last.d || times[index] <= last.t { continue }
            points.append((times[index], distances[index]))
        }
        guard let first = points.first, let last = points.last else { return [] }
        var efforts: [Effort] = []
        for target in targets where last.d - first.d >= target.meters {
            var best = Double.infinity, bestStart = 0.0
            var start = 0
            for end in 1..<points.count {
                // Move the start forward while the stretch still covers the distance.
                while start + 1 < end && points[end].d - points[start + 1].d >= target.meters { start += 1 }
                let covered = points[end].d - points[start].d
                guard covered >= target.meters else { continue }
                // Interpolate where, after points[start], exactly `target` metres before points[end] lies.
                let excess = covered - target.meters
                let segment = points[start + 1].d - points[start].d
                let fraction = segment > 0 ? min(1, excess / segment) : 0
                let startTime = points[start].t + fraction * (points[start + 1].t - points[start].t)
                let duration = points[end].t - startTime
                if duration < best {
                    best = duration
                    bestStart = startTime - first.t
                }
            }
            if best.isFinite { efforts.append(Effort(name: target.name, value: best, startOffset: bestStart)) }
        }
        return efforts
    }

    /// The best average power over each duration, on a 1-second grid (gaps count as zero watts).
    public static func bestPower(times: [Double], power: [Double]) -> [Effort] {
        let grid = OneSecondGrid(times: times, values: power, fillGaps: 0)
        let best = MaximalMeans.best(grid.values, windows: powerDurations.map { Int($0.seconds) })
        // Windows longer than the activity are left out at the end: the rest pair up in order.
        return zip(powerDurations, best).map { duration, effort in
            Effort(name: duration.name, value: effort.mean, startOffset: Double(effort.start))
        }
    }
}

/// Samples resampled to one value per second (the last known value holds until the next sample;
/// gaps longer than `maxHold` seconds get `fillGaps`).
public struct OneSecondGrid {
    public var values: [Double] = []

    public init(times: [Double], values input: [Double], fillGaps: Double, maxHold: Double = 10, maxSeconds: Int = 200_000) {
        var points: [(Double, Double)] = []
        for index in 0..<min(times.count, input.count) where !times[index].isNaN {
            points.append((times[index], input[index].isNaN ? fillGaps : input[index]))
        }
        guard let first = points.first, let last = points.last, last.0 > first.0 else { return }
        let length = min(maxSeconds, Int(last.0 - first.0) + 1)
        values = [Double](repeating: fillGaps, count: length)
        var cursor = 0
        for second in 0..<length {
            let time = first.0 + Double(second)
            while cursor + 1 < points.count && points[cursor + 1].0 <= time { cursor += 1 }
            let (sampleTime, value) = points[cursor]
            values[second] = time - sampleTime <= maxHold ? value : fillGaps
        }
    }
}

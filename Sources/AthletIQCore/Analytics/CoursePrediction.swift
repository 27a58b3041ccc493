import Foundation

/// A point of a course: distance from the start and altitude (metres).
public struct CoursePoint: Sendable, Equatable {
    public var distance: Double
    public var altitude: Double

    public init(distance: Double, altitude: Double) {
        self.distance = distance
        self.altitude = altitude
    }
}

/// Predicted passage times over a course with hills.
public struct CourseForecast: Sendable, Codable, Equatable {
    public struct Segment: Sendable, Codable, Equatable {
        public var index: Int
        public var startDistance: Double
        public var length: Double
        public var gain: Double
        public var loss: Double
        public var grade: Double
        public var time: Double
        public var cumulativeTime: Double
    }

    public struct AidStation: Sendable, Codable, Equatable {
        public var name: String
        public var distance: Double
        public var time: Double

        public init(name: String, distance: Double, time: Double) {
            self.name = name
            self.distance = distance
            self.time = time
        }
    }

    public var distance: Double
    public var gain: Double
    public var loss: Double
    /// The flat distance that costs as much effort (Minetti).
    public var flatEquivalentDistance: Double
    public var finishTime: Double
    public var averageSpeed: Double
    public var trail: Bool
    public var terrainFactor: Double
    public var segments: [Segment]
    public var aidStations: [AidStation]
    /// About 200 points of (distance, altitude) for the elevation chart.
    public var profile: [[Double]]
}

/// Splits a course into ~1 km segments, turns each into its flat-equivalent effort (Minetti's
/// cost of the grade), predicts the total from the athlete's model at the flat-equivalent
/// distance (so longer races are run slower, by the athlete's own Riegel exponent), multiplies
/// by a terrain factor on trails, and spreads the time over the segments with a small
/// within-race fatigue (later kilometres up to 5 % slower on races past a half marathon).
public enum CoursePredictor {
    public static let segmentLength = 1000.0
    static let stepLength = 50.0

    /// The course of a decoded GPX/TCX/FIT (track, or route when there is no track).
    public static func points(from activity: DecodedActivity) -> [CoursePoint] {
        let samples = activity.samples
        guard let distances = samples[.distance], let altitudes = samples[.altitude] else { return [] }
        var points: [CoursePoint] = []
        for index in 0..<samples.count where !distances[index].isNaN && !altitudes[index].isNaN {
            if let last = points.last, distances[index] < last.distance { continue }
            points.append(CoursePoint(distance: distances[index], altitude: altitudes[index]))
        }
        return points
    }

    /// A course from its totals (the form without a GPX): it climbs `gain` at an even grade over
    /// the first part and descends `loss` over the rest.
    public static func synthetic(distance: Double, gain: Double, loss: Double) -> [CoursePoint] {
        guard distance > 0 else { return [] }
        let total = gain + loss
        let climbDistance = total > 0 ? distance * gain / total : distance
        var points: [CoursePoint] = []
        var d = 0.0
        while d < distance {
            let altitude = d <= climbDistance ? gain * d / max(1, climbDistance) : gain - loss * (d - climbDistance) / max(1, distance - climbDistance)
            points.append(CoursePoint(distance: d, altitude: altitude))
            d += stepLength
        }
        points.append(CoursePoint(distance: distance, altitude: gain - loss))
        return points
    }

    /// - Parameters:
    ///   - flatTime: the athlete's predicted time for a flat race of a given distance.
    ///   - terrainFactor: how much slower the athlete runs trails than roads at equal effort.
    public static func forecast(points raw: [CoursePoint], trail: Bool, terrainFactor: Double,
                                aidStations: [(name: String, distance: Double)],
                                flatTime: (Double) -> Double?) -> CourseForecast? {
        let points = resample(raw)
        guard points.count >= 2, let total = points.last?.distance, total > 0 else { return nil }
        // Effort per 50 m step.
        var steps: [(start: Double, length: Double, rise: Double, equivalent: Double)] = []
        for index in 1..<points.count {
            let length = points[index].distance - points[index - 1].distance
            guard length > 0 else { continue }
            let rise = points[index].altitude - points[index - 1].altitude
            steps.append((points[index - 1].distance, length, rise, length * Minetti.courseFactor(grade: rise / length)))
        }
        let equivalent = steps.map(\.equivalent).reduce(0, +)
        guard let flat = flatTime(equivalent), flat > 0 else { return nil }
        let factor = trail ? terrainFactor : 1
        let finish = flat * factor
        // Within-race fatigue: weight each step by its position, normalised to keep the finish time.
        let fatigue = total > 21_097.5 ? 0.05 : 0
        var weights = steps.map { step in step.equivalent * (1 + fatigue * ((step.start + step.length / 2) / total - 0.5)) }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 { weights = weights.map { $0 / weightSum * finish } }
        var segments: [CourseForecast.Segment] = []
        var current = (start: 0.0, length: 0.0, gain: 0.0, loss: 0.0, time: 0.0)
        var cumulative = 0.0
        var timeline: [(distance: Double, time: Double)] = [(0, 0)]
        for (index, step) in steps.enumerated() {
            current.length += step.length
            current.time += weights[index]
            if step.rise > 0 { current.gain += step.rise } else { current.loss -= step.rise }
            cumulative += weights[index]
            timeline.append((step.start + step.length, cumulative))
            let last = index == steps.count - 1
            if current.length >= segmentLength - 1e-6 || last {
                segments.append(CourseForecast.Segment(
                    index: segments.count + 1, startDistance: current.start, length: current.length, gain: current.gain,
                    loss: current.loss, grade: (current.gain - current.loss) / current.length, time: current.time, cumulativeTime: cumulative))
                current = (step.start + step.length, 0, 0, 0, 0)
            }
        }
        let stations = aidStations.filter { $0.distance > 0 && $0.distance <= total }.sorted { $0.distance < $1.distance }.map { station in
            CourseForecast.AidStation(name: station.name, distance: station.distance, time: interpolate(timeline, at: station.distance))
        }
        let stride = max(1, points.count / 200)
        let profile = points.enumerated().filter { $0.offset % stride == 0 || $0.offset == points.count - 1 }.map { [$0.element.distance, $0.element.altitude] }
        let gain = steps.map { max(0, $0.rise) }.reduce(0, +), loss = steps.map { max(0, -$0.rise) }.reduce(0, +)
        return CourseForecast(distance: total, gain: gain, loss: loss, flatEquivalentDistance: equivalent, finishTime: finish,
                              averageSpeed: total / finish, trail: trail, terrainFactor: factor, segments: segments,
                              aidStations: stations, profile: profile)
    }

    /// Every `interval` metres, named "Aid 1", "Aid 2"...
    public static func regularAidStations(every interval: Double, distance: Double) -> [(name: String, distance: Double)] {
        guard interval >= 500 else { return [] }
        return stride(from: interval, to: distance, by: interval).enumerated().map { ("Aid \($0.offset + 1)", $0.element) }
    }

    /// Points every 50 m, altitude smoothed (GPS noise would otherwise add phantom climbs).
    static func resample(_ points: [CoursePoint]) -> [CoursePoint] {
        guard let first = points.first, let last = points.last, last.distance > first.distance else { return points }
        let smoothedAltitudes = ActivityAnalyzer.smooth(points.map(\.altitude))
        var result: [CoursePoint] = []
        var cursor = 0
        var d = first.distance
        while d <= last.distance {
            while cursor + 1 < points.count && points[cursor + 1].distance < d { cursor += 1 }
            let a = points[cursor], b = points[min(cursor + 1, points.count - 1)]
            let span = b.distance - a.distance
            let t = span > 0 ? (d - a.distance) / span : 0
            let altitude = smoothedAltitudes[cursor] + t * (smoothedAltitudes[min(cursor + 1, points.count - 1)] - smoothedAltitudes[cursor])
            result.append(CoursePoint(distance: d - first.distance, altitude: altitude))
            d += stepLength
        }
        if let end = result.last, last.distance - first.distance - end.distance > 1 {
            result.append(CoursePoint(distance: last.distance - first.distance, altitude: smoothedAltitudes[points.count - 1]))
        }
        return result
    }

    static func interpolate(_ timeline: [(distance: Double, time: Double)], at distance: Double) -> Double {
        guard let upper = timeline.firstIndex(where: { $0.distance >= distance }), upper > 0 else { return timeline.first?.time ?? 0 }
        let a = timeline[upper - 1], b = timeline[upper]
        let span = b.distance - a.distance
        return span > 0 ? a.time + (distance - a.distance) / span * (b.time - a.time) : b.time
    }
}

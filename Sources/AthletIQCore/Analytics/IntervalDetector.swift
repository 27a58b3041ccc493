import Foundation

/// One block of a structured session: a hard effort or the recovery after it.
public struct Interval: Sendable, Equatable {
    public enum Kind: String, Sendable { case work, recovery }
    public var kind: Kind
    /// First and last sample of the block.
    public var first: Int
    public var last: Int
    /// Seconds from the block's start to the next block's start.
    public var duration: Double
    public var distance: Double?
    public var averageSpeed: Double?
    public var averageHeartRate: Double?
    public var averagePower: Double?
}

/// Finds the work and recovery blocks of an interval session (6 × 800 m, 5 × 5 min at threshold)
/// from the intensity (power on a ride that has it, speed otherwise): the intensity smoothed over
/// 20 s, split in two levels by a one-dimensional k-means, blocks shorter than 15 s folded into
/// their neighbours and efforts shorter than 30 s not counted as work. A steady session (levels
/// too close, or fewer than three efforts) has no intervals.
public enum IntervalDetector {
    static let window = 20.0
    static let shortestBlock = 15.0
    static let shortestWork = 30.0

    public static func detect(_ samples: SampleSeries, usePower: Bool) -> [Interval] {
        guard let times = samples[.time], samples.count >= 60 else { return [] }
        let power = usePower ? samples[.power] : nil
        guard let intensity = power ?? samples[.speed] else { return [] }
        let smoothed = smooth(intensity, times: times)
        // Only moving moments make the levels (a stop would be a third, lower level).
        let moving = smoothed.filter { $0.isFinite && $0 > (power == nil ? 0.5 : 0) }.sorted()
        guard moving.count >= 60 else { return [] }
        var low = moving[moving.count / 4], high = moving[moving.count * 3 / 4]
        for _ in 0..<20 {
            let threshold = (low + high) / 2
            let below = moving.filter { $0 < threshold }, above = moving.filter { $0 >= threshold }
            guard !below.isEmpty, !above.isEmpty else { return [] }
            low = below.reduce(0, +) / Double(below.count)
            high = above.reduce(0, +) / Double(above.count)
        }
        // Levels this close are the ups and downs of a steady session.
        guard low > 0, high >= low * (power == nil ? 1.15 : 1.3) else { return [] }
        let threshold = (low + high) / 2
        var runs = labelRuns(smoothed.map { $0.isFinite && $0 >= threshold }, times: times)
        runs = fold(runs, times: times, shorterThan: shortestBlock)
        runs = runs.map { run in
            var run = run
            if run.work && span(run, times: times) < shortestWork { run.work = false }
            return run
        }
        runs = fold(runs, times: times, shorterThan: 0)
        guard runs.filter(\.work).count >= 3 else { return [] }
        return runs.enumerated().map { index, run in
            let end = index + 1 < runs.count ? runs[index + 1].first : run.last
            return block(run, until: end, samples: samples, times: times)
        }
    }

    struct Run { var work: Bool; var first: Int; var last: Int }

    /// A centred moving average over `window` seconds (NaN samples left out).
    static func smooth(_ values: [Double], times: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        var low = 0, high = 0, sum = 0.0, count = 0
        for index in values.indices where times[index].isFinite {
            while high < values.count, !(times[high] > times[index] + window / 2) {
                if values[high].isFinite { sum += values[high]; count += 1 }
                high += 1
            }
            while low < high, !(times[low] >= times[index] - window / 2) {
                if values[low].isFinite { sum -= values[low]; count -= 1 }
                low += 1
            }
            if count > 0 { result[index] = sum / Double(count) }
        }
        return result
    }

    static func labelRuns(_ work: [Bool], times: [Double]) -> [Run] {
        var runs: [Run] = []
        for index in work.indices where times[index].isFinite {
            if var run = runs.last, run.work == work[index] {
                run.last = index
                runs[runs.count - 1] = run
            } else {
                runs.append(Run(work: work[index], first: index, last: index))
            }
        }
        return runs
    }

    static func span(_ run: Run, times: [Double]) -> Double { times[run.last] - times[run.first] }

    /// Blocks shorter than `seconds` take the kind of the block before them (the first one that of
    /// the next); neighbours of one kind become one block.
    static func fold(_ runs: [Run], times: [Double], shorterThan seconds: Double) -> [Run] {
        var result: [Run] = []
        for var run in runs {
            if let previous = result.last, span(run, times: times) < seconds { run.work = previous.work }
            if var previous = result.last, previous.work == run.work {
                previous.last = run.last
                result[result.count - 1] = previous
            } else {
                result.append(run)
            }
        }
        if result.count > 1, span(result[0], times: times) < seconds {
            result[1].first = result[0].first
            result.removeFirst()
        }
        return result
    }

    static func block(_ run: Run, until end: Int, samples: SampleSeries, times: [Double]) -> Interval {
        let duration = max(0, times[end] - times[run.first])
        let distance = samples[.distance].flatMap { values -> Double? in
            let a = values[run.first], b = values[end]
            return a.isFinite && b.isFinite ? max(0, b - a) : nil
        }
        func average(_ channel: SampleSeries.Channel) -> Double? {
            guard let values = samples[channel] else { return nil }
            var sum = 0.0, weight = 0.0
            for index in run.first..<max(run.first + 1, end) where index + 1 < times.count {
                let seconds = times[index + 1] - times[index]
                guard values[index].isFinite, seconds.isFinite, seconds > 0, seconds < 60 else { continue }
                sum += values[index] * seconds
                weight += seconds
            }
            return weight > 0 ? sum / weight : nil
        }
        return Interval(kind: run.work ? .work : .recovery, first: run.first, last: end, duration: duration, distance: distance,
                        averageSpeed: distance.flatMap { duration > 0 ? $0 / duration : nil },
                        averageHeartRate: average(.heartRate), averagePower: average(.power))
    }
}

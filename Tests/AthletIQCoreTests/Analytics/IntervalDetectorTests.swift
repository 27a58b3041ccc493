import AthletIQCore
import Foundation
import Testing

/// Intervals are found in a structured session, with each effort's distance and time, and not
/// made up in a steady one.
@Suite struct IntervalDetectorTests {
    /// A session at one sample per second: (seconds, metres per second, heart rate) blocks, with
    /// a GPS-like jitter on the speed.
    static func session(_ blocks: [(Int, Double, Double)], power: Bool = false) -> SampleSeries {
        var samples = SampleSeries()
        var distance = 0.0, second = 0
        for (seconds, speed, heartRate) in blocks {
            for _ in 0..<seconds {
                let jittered = speed + 0.15 * sin(Double(second) * 1.7) + 0.1 * sin(Double(second) * 0.37)
                distance += jittered
                var row: [SampleSeries.Channel: Double] = [.time: 1_700_000_000 + Double(second), .speed: jittered,
                                                          .distance: distance, .heartRate: heartRate]
                if power { row[.power] = jittered * 60 }
                samples.append(row)
                second += 1
            }
        }
        return samples
    }

    @Test func sixTimesEightHundredMetres() {
        var blocks: [(Int, Double, Double)] = [(600, 3.0, 135)]
        for _ in 0..<6 { blocks += [(160, 5.0, 172), (200, 2.5, 140)] }
        blocks.append((600, 3.0, 138))
        let intervals = IntervalDetector.detect(Self.session(blocks), usePower: false)
        let work = intervals.filter { $0.kind == .work }
        #expect(work.count == 6, "\(intervals.map { ($0.kind, Int($0.duration)) })")
        for effort in work {
            #expect(abs((effort.distance ?? 0) - 800) < 60, "\(effort.distance ?? 0) m")
            #expect(abs(effort.duration - 160) < 12, "\(effort.duration) s")
            #expect(abs((effort.averageSpeed ?? 0) - 5.0) < 0.3)
            #expect((effort.averageHeartRate ?? 0) > 165)
        }
        // Warm-up, recoveries and cool-down in between, every second accounted for.
        #expect(intervals.first?.kind == .recovery && intervals.last?.kind == .recovery)
        #expect(intervals.count == 13)
        #expect(abs(intervals.reduce(0) { $0 + $1.duration } - Double(600 + 6 * 360 + 600 - 1)) < 2)
    }

    @Test func aRideIsReadOnItsPower() {
        var blocks: [(Int, Double, Double)] = [(900, 7.0, 120)]
        for _ in 0..<5 { blocks += [(300, 10.0, 165), (180, 6.5, 130)] }
        let work = IntervalDetector.detect(Self.session(blocks, power: true), usePower: true).filter { $0.kind == .work }
        #expect(work.count == 5)
        #expect(work.allSatisfy { abs($0.duration - 300) < 15 && abs(($0.averagePower ?? 0) - 600) < 30 })
    }

    @Test func aSteadyRunHasNoIntervals() {
        #expect(IntervalDetector.detect(Self.session([(3600, 3.2, 150)]), usePower: false).isEmpty)
        // Two halves at different paces are a progression, not intervals.
        #expect(IntervalDetector.detect(Self.session([(1800, 3.0, 145), (1800, 3.8, 160)]), usePower: false).isEmpty)
        #expect(IntervalDetector.detect(SampleSeries(), usePower: false).isEmpty)
    }
}

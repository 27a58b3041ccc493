import AthletIQCore
import Foundation
import Testing

/// Duration curves from synthetic efforts with known answers, and the critical-power model
/// fitted to efforts the model itself generated.
@Suite struct DurationCurveTests {
    /// One-second power samples from (seconds, watts) blocks; `every` keeps one sample in so
    /// many (a smart-recording device), `pause` removes samples (a stop with the recording paused).
    static func ride(_ blocks: [(Int, Double)], every: Int = 1, pause: Range<Int>? = nil) -> (times: [Double], power: [Double]) {
        var times: [Double] = [], power: [Double] = []
        var second = 0
        for (seconds, watts) in blocks {
            for _ in 0..<seconds {
                if second % every == 0 && !(pause?.contains(second) ?? false) {
                    times.append(1_700_000_000 + Double(second))
                    power.append(watts)
                }
                second += 1
            }
        }
        return (times, power)
    }

    static let efforts: [(Int, Double)] = [(1200, 100), (300, 320), (1200, 100), (60, 500), (1200, 100), (5, 1000), (1200, 100)]

    func value(_ curve: [DurationCurves.Point], at x: Double) -> Double? { curve.first { $0.x == x }?.value }

    @Test func meanMaximalPowerOfKnownEfforts() throws {
        let ride = Self.ride(Self.efforts)
        let curve = DurationCurves.power(times: ride.times, power: ride.power)
        #expect(value(curve, at: 1) == 1000)
        #expect(value(curve, at: 5) == 1000)
        let sprintAndEasy: Double = (5 * 1000 + 5 * 100) / 10
        #expect(try #require(value(curve, at: 10)) == sprintAndEasy, "the sprint and five easy seconds")
        #expect(value(curve, at: 60) == 500)
        #expect(value(curve, at: 300) == 320)
        let twentyMinutes: Double = (300 * 320 + 900 * 100) / 1200
        #expect(try #require(value(curve, at: 1200)) == twentyMinutes)
        // Never rising with duration, and nothing longer than the ride (5165 s).
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.value >= $1.value })
        #expect(curve.last?.x == 3600)
    }

    @Test func smartRecordingAndPausesDoNotInflateTheCurve() throws {
        // A sample every 3 s holds its value until the next one: the same efforts.
        let sparse = Self.ride(Self.efforts, every: 3)
        let curve = DurationCurves.power(times: sparse.times, power: sparse.power)
        #expect(abs(try #require(value(curve, at: 300)) - 320) < 5)
        #expect(abs(try #require(value(curve, at: 60)) - 500) < 20)
        // A 10-minute pause inside the long easy stretch counts as zero watts, not as the last value.
        let paused = Self.ride([(300, 320), (900, 250)], pause: 400..<1000)
        let pausedCurve = DurationCurves.power(times: paused.times, power: paused.power)
        #expect(try #require(value(pausedCurve, at: 1200)) < 200, "\(pausedCurve)")
    }

    @Test func paceCurveOfARunWithAFastKilometre() throws {
        // 10 km at 4:00 /km with its fifth kilometre in 3:20.
        var times: [Double] = [], distances: [Double] = []
        var distance = 0.0, time = 0.0
        while distance < 10_000 {
            let speed = (4000..<5000).contains(distance) ? 5.0 : 1000 / 240
            times.append(time)
            distances.append(distance)
            distance += speed
            time += 1
        }
        times.append(time)
        distances.append(distance)
        let curve = DurationCurves.pace(times: times, distances: distances)
        #expect(abs(try #require(value(curve, at: 1000)) - 200) < 1)
        #expect(abs(try #require(value(curve, at: 5000)) - (200 + 4 * 240)) < 1)
        #expect(abs(try #require(value(curve, at: 10_000)) - (200 + 9 * 240)) < 2)
        #expect(value(curve, at: 15_000) == nil, "no point beyond the distance run")
    }

    @Test func mergingKeepsTheBestOfEachPointAndWhereItCameFrom() {
        let first = [DurationCurves.Point(x: 60, value: 400), DurationCurves.Point(x: 300, value: 300)]
        let second = [DurationCurves.Point(x: 60, value: 450), DurationCurves.Point(x: 300, value: 280), DurationCurves.Point(x: 1200, value: 250)]
        let power = DurationCurves.merge([first, second], kind: .power)
        #expect(power.map(\.point.value) == [450, 300, 250])
        #expect(power.map(\.source) == [1, 0, 1])
        let pace = DurationCurves.merge([first, second], kind: .pace)
        #expect(pace.map(\.point.value) == [400, 280, 250])
    }

    @Test func criticalPowerFromThreeEffortsOfTheModel() throws {
        // P(t) = CP + W′/t with CP 250 W and W′ 20 kJ, at 3, 7 and 12 minutes.
        let curve = [180.0, 420, 720].map { DurationCurves.Point(x: $0, value: 250 + 20_000 / $0) }
            + [DurationCurves.Point(x: 60, value: 700), DurationCurves.Point(x: 3600, value: 200)]
        let fit = try #require(CriticalPowerModel.power(curve))
        #expect(abs(fit.critical - 250) < 1e-6)
        #expect(abs(fit.reserve - 20_000) < 1e-3)
        #expect(fit.efforts == 3, "efforts outside 3–20 minutes are left out")
        #expect(abs(fit.rSquared - 1) < 1e-9)
        // Two efforts are not enough; steady riding (no reserve spent) gives no model.
        #expect(CriticalPowerModel.power(Array(curve.prefix(2))) == nil)
        #expect(CriticalPowerModel.power([180.0, 420, 720].map { DurationCurves.Point(x: $0, value: 200) }) == nil)
    }

    @Test func criticalSpeedFromRunningEfforts() throws {
        // distance = CS·t + D′ with CS 4 m/s and D′ 200 m: the time of each distance.
        let curve = [400.0, 1000, 1500, 2000, 3000, 5000, 10_000].map { DurationCurves.Point(x: $0, value: ($0 - 200) / 4) }
        let fit = try #require(CriticalPowerModel.speed(curve))
        #expect(abs(fit.critical - 4) < 1e-9)
        #expect(abs(fit.reserve - 200) < 1e-6)
        #expect(fit.efforts == 5, "1 km (200 s) to 5 km (1200 s)")
    }
}

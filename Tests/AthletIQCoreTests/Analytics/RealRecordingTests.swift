@testable import AthletIQCore
import Foundation
import Testing

/// Recordings as devices write them: smart recording, pauses, café stops, strap dropouts.
@Suite struct RealRecordingTests {
    static let start = 1_700_000_000.0

    /// One point every `step` seconds at `speed` m/s, with heart rate and power from closures.
    static func recording(seconds: Int, step: Int, speed: @escaping (Int) -> Double, heartRate: ((Int) -> Double)? = nil,
                          power: ((Int) -> Double)? = nil, skip: ClosedRange<Int>? = nil, stillDuringSkip: Bool = true) -> SampleSeries {
        var builder = SampleSeriesBuilder()
        var distance = 0.0
        var previous = 0
        for second in stride(from: 0, through: seconds, by: step) {
            if let skip, skip.contains(second) { continue }
            // Distance covered since the last point, at the speeds in between.
            for moment in previous..<second { distance += stillDuringSkip && skip?.contains(moment) == true ? 0 : speed(moment) }
            previous = second
            var row = SampleRow()
            row.time = start + Double(second)
            row.distance = distance
            if let heartRate { row.heartRate = heartRate(second) }
            if let power { row.power = power(second) }
            builder.append(row)
        }
        return builder.build()
    }

    /// Smart recording: a point every 12 s gave a moving time of 0 s.
    @Test func smartRecordingKeepsItsMovingTimeAveragesZonesAndSplits() {
        let samples = Self.recording(seconds: 3600, step: 12, speed: { _ in 3 }, heartRate: { _ in 150 })
        let parameters = AthleteParameters(maxHeartRate: 190, restingHeartRate: 50)
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: parameters)
        #expect(analysis.movingTime == 3600)
        #expect(abs((analysis.averageSpeed ?? 0) - 3) < 1e-9)
        #expect(analysis.averageHeartRate == 150)
        #expect(abs(analysis.heartRateZones.reduce(0) { $0 + $1.seconds } - 3600) < 1e-6)
        #expect((analysis.trimpBanister ?? 0) > 60)
        #expect(analysis.splitsKilometre.count == 11)
        #expect(analysis.splitsKilometre.allSatisfy { $0.speed > 2.9 && $0.speed < 3.1 }, "\(analysis.splitsKilometre.map(\.speed))")
    }

    /// A pause is a gap the athlete did not move through; a gap they moved through is not one.
    @Test func aGapIsAPauseOnlyWhenTheAthleteDidNotMove() {
        // 30 min at 3 m/s, a 10-minute stop without points (the device paused), 30 min more.
        let paused = Self.recording(seconds: 4200, step: 1, speed: { _ in 3 }, skip: 1801...2399)
        let analysis = ActivityAnalyzer.analyze(paused, sport: .run, parameters: AthleteParameters())
        #expect(abs(analysis.movingTime - 3600) <= 1)
        #expect(abs((analysis.averageSpeed ?? 0) - 3) < 0.01)
        // A 2-minute GPS loss in a tunnel at 8 m/s on a ride: moving all along.
        let tunnel = Self.recording(seconds: 1200, step: 1, speed: { _ in 8 }, skip: 501...619, stillDuringSkip: false)
        #expect(abs(ActivityAnalyzer.analyze(tunnel, sport: .ride, parameters: AthleteParameters()).movingTime - 1200) <= 1)
        // Carried across a gap faster than any runner (a car): not running time.
        var builder = SampleSeriesBuilder()
        for (time, distance) in [(0.0, 0.0), (1, 3), (2, 6), (1202, 30_006), (1203, 30_009)] {
            var row = SampleRow(); row.time = Self.start + time; row.distance = distance; builder.append(row)
        }
        #expect(ActivityAnalyzer.analyze(builder.build(), sport: .run, parameters: AthleteParameters()).movingTime == 3)
    }

    /// A café stop: 30 + 30 min at 250 W around an hour stopped gave 210 W and a stress of 70.
    @Test func normalizedPowerRunsOverMovingTime() {
        let ride = Self.recording(seconds: 7200, step: 1, speed: { (1800..<5400).contains($0) ? 0 : 8 },
                                  power: { (1800..<5400).contains($0) ? 0 : 250 })
        let analysis = ActivityAnalyzer.analyze(ride, sport: .ride, parameters: AthleteParameters(ftp: 250))
        #expect(abs((analysis.normalizedPower ?? 0) - 250) < 1)
        #expect(abs((analysis.powerStress ?? 0) - 100) < 1)
        #expect(abs(analysis.movingTime - 3600) <= 1)
    }

    @Test func edwardsCountsSixtyPercentInZoneTwo() {
        #expect(TrainingLoad.edwardsWeight(heartRate: 114, maxHR: 190) == 2)  // exactly 60 %
        #expect(TrainingLoad.edwardsWeight(heartRate: 171, maxHR: 190) == 5)  // exactly 90 %
        #expect(TrainingLoad.edwardsWeight(heartRate: 94, maxHR: 190) == nil)
        let samples = Self.recording(seconds: 600, step: 1, speed: { _ in 3 }, heartRate: { _ in 114 })
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters(maxHeartRate: 190))
        #expect(abs((analysis.trimpEdwards ?? 0) - 20) < 1e-6)
    }

    /// A strap that loses contact writes 0 (or absurd values): missing data, not a heart rate.
    @Test func impossibleValuesAreMissingData() {
        let samples = Self.recording(seconds: 1200, step: 1, speed: { _ in 3 },
                                     heartRate: { $0 % 2 == 0 ? 0 : ($0 % 3 == 0 ? .infinity : 150) },
                                     power: { $0 % 5 == 0 ? -40 : 200 })
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters(maxHeartRate: 190))
        #expect(analysis.averageHeartRate == 150)
        #expect(analysis.maxHeartRate == 150)
        #expect(abs(analysis.heartRateZones.reduce(0) { $0 + $1.seconds } - 400) < 1.5)
    }

    /// Running stress from normalized graded pace: intervals cost more than their average pace says.
    @Test func runningStressUsesNormalizedGradedPace() {
        let steady = Self.recording(seconds: 3600, step: 1, speed: { _ in 3.5 })
        let intervals = Self.recording(seconds: 3600, step: 1, speed: { ($0 / 120) % 2 == 0 ? 5 : 2 })
        let parameters = AthleteParameters(thresholdSpeed: 4)
        let a = ActivityAnalyzer.analyze(steady, sport: .run, parameters: parameters)
        let b = ActivityAnalyzer.analyze(intervals, sport: .run, parameters: parameters)
        #expect(abs((a.averageSpeed ?? 0) - (b.averageSpeed ?? 0)) < 0.01)
        #expect(abs((a.runningStress ?? 0) - 3600 / 3600 * pow(3.5 / 4, 2) * 100) < 0.5)
        #expect((b.runningStress ?? 0) > (a.runningStress ?? 0) * 1.15)
    }

    /// A real 2009 ride recorded every 11-27 s at about 8 m/s: its moving time was 2,344 s.
    @Test func aRealSmartRecordedRideKeepsItsMovingTime() throws {
        let decoded = try TCXDecoder().decode(try Fixtures.data("tcx/stravalib-sample.tcx"))
        let analysis = ActivityAnalyzer.analyze(decoded.samples, sport: .ride, parameters: AthleteParameters())
        #expect(analysis.movingTime > 7800 && analysis.movingTime < 8600, "\(analysis.movingTime)")
        #expect((analysis.averageSpeed ?? 0) < 15)
        #expect(analysis.splitsKilometre.allSatisfy { $0.speed < 25 }, "\(analysis.splitsKilometre.map(\.speed).max() ?? 0)")
    }

    /// A GPS jump of 184 m in 2 s made a 400 m "record" of 28.7 s; best efforts skip it.
    @Test func aGPSJumpSetsNoRecord() {
        var builder = SampleSeriesBuilder()
        var distance = 0.0
        for second in 0...1200 {
            distance += second == 600 ? 184 : 3
            var row = SampleRow(); row.time = Self.start + Double(second); row.distance = distance; builder.append(row)
        }
        let analysis = ActivityAnalyzer.analyze(builder.build(), sport: .run, parameters: AthleteParameters())
        let fastest400 = analysis.bestEfforts.first { $0.name == "400m" }?.value ?? 0
        #expect(abs(fastest400 - 400.0 / 3) < 1, "\(fastest400)")
        #expect((analysis.distance ?? 0) > 3700)
    }

    /// The 1 km, mile and 5 km inside one 5 km race gave an exponent of 1.000 and a marathon
    /// predicted at 5 km pace; one effort per activity, over a factor of 3, or the default.
    @Test func theRiegelExponentIsFittedOnlyOnIndependentEfforts() {
        let race = [Performance(distance: 1000, time: 200, source: "a"), Performance(distance: 1609.344, time: 322, source: "a"),
                    Performance(distance: 5000, time: 1000, source: "a")]
        #expect(RacePrediction.fitRiegel(race) == nil)
        let prediction = RacePrediction.predict(distance: 42_195, from: race)
        #expect(prediction?.riegelExponent == RacePrediction.defaultRiegelExponent)
        // Close distances from two activities: not enough spread either.
        #expect(RacePrediction.fitRiegel([Performance(distance: 5000, time: 1200, source: "a"),
                                          Performance(distance: 10_000, time: 2500, source: "b")]) == nil)
        let fit = RacePrediction.fitRiegel([Performance(distance: 5000, time: 1200, source: "a"),
                                            Performance(distance: 21_097.5, time: 5600, source: "b")])
        #expect(fit.map { $0.exponent > 1.03 && $0.exponent < 1.1 } == true, "\(String(describing: fit))")
    }

    /// A steep descent predicted at 20-23 km/h for a 4:00/km runner: the downhill gain is capped.
    @Test func coursePredictionsCapTheDownhillGain() {
        #expect(Minetti.courseFactor(grade: -0.2) == Minetti.downhillFloor)
        #expect(Minetti.courseFactor(grade: 0.1) == Minetti.factor(grade: 0.1))
        let descent = (0...100).map { CoursePoint(distance: Double($0) * 100, altitude: 3000 - Double($0) * 20) }
        let forecast = CoursePredictor.forecast(points: descent, trail: false, terrainFactor: 1, aidStations: []) { $0 / 4.17 }
        let speed = 10_000 / (forecast?.finishTime ?? 1)
        #expect(speed <= 4.17 / Minetti.downhillFloor + 0.01, "\(speed * 3.6) km/h")
    }
}

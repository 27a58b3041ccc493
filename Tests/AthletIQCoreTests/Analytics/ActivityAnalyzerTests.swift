@testable import AthletIQCore
import Foundation
import Testing

@Suite struct ActivityAnalyzerTests {
    /// A series at 1 Hz from closures of the second.
    static func series(seconds: Int, time: (Int) -> Double = { Double($0) }, distance: (Int) -> Double,
                       altitude: ((Int) -> Double)? = nil, heartRate: ((Int) -> Double)? = nil, power: ((Int) -> Double)? = nil) -> SampleSeries {
        var builder = SampleSeriesBuilder()
        for second in 0...seconds {
            var row = SampleRow()
            row.time = 1_700_000_000 + time(second)
            row.distance = distance(second)
            if let altitude { row.altitude = altitude(second) }
            if let heartRate { row.heartRate = heartRate(second) }
            if let power { row.power = power(second) }
            builder.append(row)
        }
        return builder.build()
    }

    @Test func steadyRunOnTheFlat() {
        let samples = Self.series(seconds: 1000, distance: { Double($0) * 4 }, altitude: { _ in 100 }, heartRate: { _ in 150 })
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters())
        #expect(analysis.movingTime == 1000)
        #expect(analysis.distance == 4000)
        #expect(analysis.averageSpeed == 4)
        #expect(abs((analysis.gradeAdjustedSpeed ?? 0) - 4) < 1e-9)
        #expect(analysis.averageHeartRate == 150)
        #expect(analysis.splitsKilometre.count == 4)
        #expect(analysis.splitsKilometre.allSatisfy { abs($0.movingTime - 250) < 1e-6 })
        #expect(analysis.splitsMile.count == 3) // two full miles and a partial 781 m
        let oneK = analysis.bestEfforts.first { $0.name == "1k" }
        #expect(abs((oneK?.value ?? 0) - 250) < 1e-6)
        #expect(abs((analysis.bestEfforts.first { $0.name == "400m" }?.value ?? 0) - 100) < 1e-6)
        #expect(analysis.bestEfforts.first { $0.name == "5k" } == nil)
        #expect(analysis.heartRateDrift == nil, "under 20 minutes, no drift")
        // An hour at the same speed with heart rate rising from 140 to 160: the second half gives
        // less speed per beat. First half average 145, second 155: drift = (1/145 − 1/155)/(1/145) = 6.45 %.
        let long = Self.series(seconds: 3600, distance: { Double($0) * 3 }, heartRate: { 140 + 20 * Double($0) / 3600 })
        let drift = ActivityAnalyzer.analyze(long, sport: .run, parameters: AthleteParameters()).heartRateDrift ?? 0
        #expect(abs(drift - (1 - 145.0 / 155.0) * 100) < 0.05)
    }

    @Test func pausesAreNotMovingTime() {
        // 500 s running, a 60 s gap in the recording, 500 s running.
        let samples = Self.series(seconds: 1000, time: { $0 <= 500 ? Double($0) : Double($0 + 60) }, distance: { Double($0) * 3 })
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters())
        #expect(analysis.movingTime == 999)
        #expect(analysis.elapsedTime == 1060)
        // Standing still (distance does not grow) is not moving either.
        let standing = Self.series(seconds: 100, distance: { $0 < 50 ? Double($0) * 3 : 150 })
        #expect(ActivityAnalyzer.analyze(standing, sport: .run, parameters: AthleteParameters()).movingTime == 50)
    }

    @Test func uphillRunningIsGradeAdjustedByMinetti() {
        // 10 % grade throughout: altitude rises 0.1 m per metre.
        let samples = Self.series(seconds: 600, distance: { Double($0) * 3 }, altitude: { Double($0) * 0.3 })
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters())
        let i = 0.1
        let high: Double = 155.4 * pow(i, 5) - 30.4 * pow(i, 4)
        let low: Double = -43.3 * pow(i, 3) + 46.3 * i * i + 19.5 * i + 3.6
        let cost = high + low
        #expect(abs(Minetti.cost(grade: 0.1) - cost) < 1e-12)
        #expect(abs((analysis.gradeAdjustedSpeed ?? 0) - 3 * cost / 3.6) < 0.01)
        #expect(abs((analysis.ascent ?? 0) - 180) < 0.5)
        #expect(Minetti.factor(grade: 0) == 1)
        #expect(Minetti.factor(grade: -0.1) < 1)
    }

    @Test func heartRateLoadsMatchHandComputedValues() {
        // One hour at 120 bpm with rest 50 and max 190: HRr = 0.5.
        let samples = Self.series(seconds: 3600, distance: { Double($0) * 3 }, heartRate: { _ in 120 })
        let parameters = AthleteParameters(maxHeartRate: 190, restingHeartRate: 50, lactateThresholdHeartRate: 170, sex: .male)
        let analysis = ActivityAnalyzer.analyze(samples, sport: .run, parameters: parameters)
        // Banister: 60 min × 0.5 × 0.64 × e^(1.92 × 0.5) = 50.14
        #expect(abs((analysis.trimpBanister ?? 0) - 60 * 0.5 * 0.64 * exp(0.96)) < 1e-6)
        #expect(abs((analysis.trimpBanister ?? 0) - 50.14) < 0.01)
        // Edwards: 120/190 = 63 % of max: zone 2, weight 2, for 60 minutes.
        #expect(abs((analysis.trimpEdwards ?? 0) - 120) < 1e-6)
        // Heart-rate stress: 1 h × ((120−50)/(170−50))² × 100 = 34.03
        #expect(abs((analysis.heartRateStress ?? 0) - 100 * pow(70.0 / 120.0, 2)) < 1e-6)
        let female = ActivityAnalyzer.analyze(samples, sport: .run, parameters: AthleteParameters(maxHeartRate: 190, restingHeartRate: 50, sex: .female))
        #expect(abs((female.trimpBanister ?? 0) - 60 * 0.5 * 0.86 * exp(1.67 * 0.5)) < 1e-6)
        // Time in zones adds up to the recorded time.
        #expect(abs(analysis.heartRateZones.map(\.seconds).reduce(0, +) - 3600) < 1e-6)
    }

    @Test func powerGivesNormalizedPowerAndStress() {
        let steady = Self.series(seconds: 3600, distance: { Double($0) * 8 }, power: { _ in 200 })
        let analysis = ActivityAnalyzer.analyze(steady, sport: .ride, parameters: AthleteParameters(ftp: 250))
        #expect(abs((analysis.normalizedPower ?? 0) - 200) < 1e-9)
        #expect(abs((analysis.intensityFactor ?? 0) - 0.8) < 1e-9)
        #expect(abs((analysis.powerStress ?? 0) - 64) < 0.05) // 1 h × 0.8² × 100 (moving time 3600 s)
        #expect(analysis.loadSource == "power")
        #expect(abs((analysis.bestEfforts.first { $0.name == "power_20min" }?.value ?? 0) - 200) < 1e-9)
        // Alternating 100/300 W every 30 s: NP is above the 200 W average.
        let surges = Self.series(seconds: 3600, distance: { Double($0) * 8 }, power: { ($0 / 30) % 2 == 0 ? 100 : 300 })
        #expect((TrainingLoad.normalizedPower(times: surges[.time]!, power: surges[.power]!) ?? 0) > 210)
    }

    @Test func formIsYesterdaysFitnessMinusYesterdaysFatigue() {
        let loads = Dictionary(uniqueKeysWithValues: (0..<100).map { ($0, 100.0) })
        let days = FitnessModel.series(loads: loads, from: 0, to: 99)
        #expect(days[0].form == 0)
        let k42 = 1 - exp(-1.0 / 42), k7 = 1 - exp(-1.0 / 7)
        #expect(abs(days[0].fitness - 100 * k42) < 1e-9)
        #expect(abs(days[0].fatigue - 100 * k7) < 1e-9)
        // The sign: after a block of training, fatigue exceeds fitness, so form is negative...
        #expect(abs(days[1].form - (days[0].fitness - days[0].fatigue)) < 1e-9)
        #expect(days[1].form < 0)
        // ...and after rest days it turns positive.
        let rest = FitnessModel.series(loads: loads.filter { $0.key < 60 }, from: 0, to: 99)
        #expect(rest[99].form > 0)
        #expect(FitnessModel.Status(form: 10) == .fresh)
        #expect(FitnessModel.Status(form: 0) == .neutral)
        #expect(FitnessModel.Status(form: -20) == .productive)
        #expect(FitnessModel.Status(form: -40) == .overreaching)
        #expect(abs(days[10].rampRate - (days[10].fitness - days[3].fitness)) < 1e-9)
    }

    @Test func zonesFollowTheirDefinitions() {
        let hr = Zones.heartRate(max: 190, resting: 50)
        #expect(hr.count == 5)
        #expect(abs(hr[1].lower - 134) < 1e-9) // 50 + 0.6 × 140
        let friel = Zones.heartRate(lactateThreshold: 170)
        #expect(abs(friel[1].lower - 144.5) < 1e-9)
        let power = Zones.power(ftp: 200)
        #expect(power[3].lower == 180 && power[3].upper == 210)
    }
}

@Suite struct CivilDateTests {
    @Test func dayNumbersMatchTheCalendar() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: -800, to: 30_000, by: 37) {
            let date = FitnessModel.date(ofDay: day)
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let ours = CivilDate.components(ofDay: day)
            #expect(ours.year == c.year && ours.month == c.month && ours.day == c.day, "day \(day)")
            let monday = CivilDate.weekStart(day)
            #expect(calendar.component(.weekday, from: FitnessModel.date(ofDay: monday)) == 2, "day \(day)")
            #expect(day - monday >= 0 && day - monday < 7)
            #expect(CivilDate.components(ofDay: CivilDate.monthStart(day)).day == 1)
        }
    }
}

@Suite struct ZoneAnalysisTests {
    @Test func boxPlotsUseQuartilesAndTukeyWhiskers() throws {
        let box = try #require(BoxPlot([1, 2, 3, 4, 5, 6, 7, 8, 100]))
        #expect(box.median == 5)
        #expect(box.firstQuartile == 3)
        #expect(box.thirdQuartile == 7)
        #expect(box.lowerWhisker == 1)
        #expect(box.upperWhisker == 8) // 100 lies beyond 7 + 1.5 × 4
        #expect(BoxPlot([]) == nil)
    }

    @Test func pacesGoToTheirHeartRateZonesAndGlitchesAreDropped() {
        var builder = SampleSeriesBuilder()
        for second in 0..<100 {
            var row = SampleRow()
            row.time = Double(second)
            row.heartRate = second < 50 ? 120 : 170
            row.speed = second == 10 ? 30 : (second < 50 ? 2.5 : 4) // one GPS spike
            builder.append(row)
        }
        let zones = [Zone(name: "easy", lower: 0, upper: 150), Zone(name: "hard", lower: 150, upper: 255)]
        let result = ZoneAnalysis.paceByHeartRateZone([builder.build()], zones: zones)
        #expect(result[0].pace?.count == 49)
        #expect(result[0].pace?.median == 400)
        #expect(result[1].pace?.median == 250)
    }

    @Test func climbingCorrelatesWithPace() {
        func split(_ gain: Double, _ pace: Double) -> ActivityAnalysis.Split {
            ActivityAnalysis.Split(index: 1, distance: 1000, movingTime: pace, elapsedTime: pace, speed: 1000 / pace,
                                   gradeAdjustedSpeed: nil, elevationGain: gain, elevationLoss: 0, averageHeartRate: nil)
        }
        // Exactly 2 s/km per metre of climbing, plus one absurd split that is dropped.
        let relation = ZoneAnalysis.elevationVersusPace([split(0, 300), split(10, 320), split(50, 400), split(20, 340), split(800, 2000)])
        #expect(relation.points.count == 4)
        #expect(abs((relation.correlation ?? 0) - 1) < 1e-9)
        #expect(abs((relation.secondsPerMetre ?? 0) - 2) < 1e-9)
    }
}

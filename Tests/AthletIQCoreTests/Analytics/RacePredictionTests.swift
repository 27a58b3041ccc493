@testable import AthletIQCore
import Foundation
import Testing

@Suite struct RacePredictionTests {
    static func seconds(_ h: Int, _ m: Int, _ s: Int) -> Double { Double(h * 3600 + m * 60 + s) }

    /// Daniels' Running Formula, VDOT tables: equivalent race times.
    static let danielsTable: [(vdot: Double, fiveK: Double, tenK: Double, half: Double, marathon: Double)] = [
        (40, seconds(0, 24, 8), seconds(0, 50, 3), seconds(1, 50, 59), seconds(3, 49, 45)),
        (50, seconds(0, 19, 57), seconds(0, 41, 21), seconds(1, 31, 35), seconds(3, 10, 49)),
        (60, seconds(0, 17, 3), seconds(0, 35, 22), seconds(1, 18, 9), seconds(2, 43, 25)),
    ]

    @Test func vdotReproducesDanielsTablesWithinOnePercent() throws {
        for row in Self.danielsTable {
            for (distance, time) in [(5000.0, row.fiveK), (10_000, row.tenK), (21_097.5, row.half), (42_195, row.marathon)] {
                let predicted = try #require(RacePrediction.time(forVDOT: row.vdot, distance: distance))
                #expect(abs(predicted - time) / time < 0.01, "VDOT \(row.vdot) at \(distance) m: \(predicted) vs \(time)")
                #expect(abs(RacePrediction.vdot(Performance(distance: distance, time: time)) - row.vdot) < 0.5)
            }
        }
    }

    @Test func riegelAndCameronFollowTheirFormulas() {
        let tenK = Performance(distance: 10_000, time: 2400)
        // 2400 × 2.10975^1.06 = 5,295.37 s (hand-computed)
        #expect(abs(RacePrediction.riegel(from: tenK, to: 21_097.5) - 2400 * pow(2.10975, 1.06)) < 1e-9)
        #expect(abs(RacePrediction.riegel(from: tenK, to: 21_097.5) - 5295.37) < 0.01)
        let a = { (d: Double) in 13.49681 - 0.000030363 * d + 835.7114 / pow(d, 0.7905) }
        let expected = 2400 * 2.10975 * a(10_000) / a(21_097.5)
        #expect(abs(RacePrediction.cameron(from: tenK, to: 21_097.5) - expected) < 1e-9)
    }

    @Test func aPersonalExponentIsFittedFromTwoOrMoreEfforts() throws {
        // Efforts made exactly on T = 0.5 · D^1.1
        let efforts = [5000.0, 10_000, 21_097.5].map { Performance(distance: $0, time: 0.5 * pow($0, 1.1)) }
        let fit = try #require(RacePrediction.fitRiegel(efforts))
        #expect(abs(fit.exponent - 1.1) < 1e-9)
        #expect(abs(fit.k - 0.5) < 1e-9)
        // Nonsense fits (faster over longer) are refused.
        #expect(RacePrediction.fitRiegel([Performance(distance: 5000, time: 1500), Performance(distance: 10_000, time: 1400)]) == nil)
        #expect(RacePrediction.fitRiegel([Performance(distance: 5000, time: 1500)]) == nil)
    }

    @Test func combinedPredictionHasARangeAndItsBasis() throws {
        let efforts = [Performance(distance: 5000, time: 1197), Performance(distance: 10_000, time: 2481)]
        let prediction = try #require(RacePrediction.predict(distance: 21_097.5, from: efforts))
        #expect(prediction.estimates.map(\.model) == ["riegel", "vdot", "cameron"])
        #expect(prediction.low <= prediction.time && prediction.time <= prediction.high)
        #expect(abs(prediction.time - Self.seconds(1, 31, 35)) / Self.seconds(1, 31, 35) < 0.03)
        let marathon = try #require(RacePrediction.predict(distance: 42_195, from: efforts))
        #expect(!marathon.warnings.isEmpty)
    }
}

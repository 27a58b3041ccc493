@testable import AthletIQCore
import Foundation
import Testing

@Suite struct BacktestTests {
    static func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_600_000_000 + Double(n) * 86_400) }

    @Test func anAthleteWhoFollowsTheModelIsPredictedAlmostExactly() throws {
        // Every effort and race lies on T = 0.35 · D^1.08 (efforts 3 and 10 km apart: over the factor of 3
        // a personal exponent needs): the fitted Riegel model is exact, and the
        // median of the three models stays within a few percent.
        let time = { (distance: Double) in 0.35 * pow(distance, 1.08) }
        var efforts: [Performance] = []
        for week in 0..<20 {
            efforts.append(Performance(distance: 3000, time: time(3000), date: Self.day(week * 7)))
            efforts.append(Performance(distance: 10_000, time: time(10_000), date: Self.day(week * 7 + 3)))
        }
        let races = [Performance(distance: 21_097.5, time: time(21_097.5), date: Self.day(100)),
                     Performance(distance: 15_000, time: time(15_000), date: Self.day(130))]
        let summary = Backtest.run(races: races, efforts: efforts)
        #expect(summary.results.count == 2)
        #expect(summary.results.allSatisfy { $0.basis == 2 })
        let mean = try #require(summary.meanAbsoluteErrorPercent)
        #expect(mean < 3)
        let riegelOnly = try #require(RacePrediction.predict(distance: 21_097.5, from: [efforts[0], efforts[1]])?.estimates.first)
        #expect(abs(riegelOnly.time - time(21_097.5)) < 1e-6)
    }

    @Test func aRaceWithoutEarlierEffortsIsNotPredicted() {
        let summary = Backtest.run(races: [Performance(distance: 10_000, time: 2400, date: Self.day(0))],
                                   efforts: [Performance(distance: 5000, time: 1100, date: Self.day(5))])
        #expect(summary.results.first?.predicted == nil)
        #expect(summary.meanAbsoluteErrorPercent == nil)
    }
}

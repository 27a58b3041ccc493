@testable import AthletIQCore
import Foundation
import Testing

/// A triathlon file became one 52.5 km "swim" whose bike leg set running records.
@Suite struct MultisportTests {
    @Test(arguments: ["fit/fitparse-sample_mulitple_header.fit", "fit/fitparse-activity-large-fenxi2-multisport.fit"])
    func aMultisportFileSplitsIntoLegsOfTheirOwnSport(file: String) throws {
        let decoded = try FITDecoder().decode(try Fixtures.data(file))
        let legs = MultisportSplitter.legs(of: decoded)
        #expect(legs.count == decoded.sessions.count && legs.count > 1)
        // Every sample lands in exactly one leg, in time order.
        #expect(legs.reduce(0) { $0 + $1.samples.count } <= decoded.samples.count)
        for pair in zip(legs, legs.dropFirst()) {
            #expect((pair.0.startTime ?? .distantFuture) < (pair.1.startTime ?? .distantPast))
        }
        // No running leg holds a bike's speeds: its best 400 m is human.
        for leg in legs where leg.sport.family == .running {
            let analysis = ActivityAnalyzer.analyze(leg.samples, sport: leg.sport, parameters: AthleteParameters())
            if let fastest = analysis.bestEfforts.first(where: { $0.name == "400m" }) { #expect(fastest.value > 50) }
        }
        #expect(Set(legs.map(\.sport)).count > 1)
    }
}

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

    /// A TCX with one `<Activity>` per leg (Garmin's multisport export): a run, then a ride.
    static func multisportTCX() -> String {
        func activity(_ sport: String, start: Double, seconds: Int, speed: Double, startLatitude: Double) -> String {
            let iso = ISO8601DateFormatter()
            var points = ""
            for second in 0..<seconds {
                let distance = Double(second) * speed
                points += "<Trackpoint><Time>\(iso.string(from: Date(timeIntervalSince1970: start + Double(second))))</Time>"
                    + "<Position><LatitudeDegrees>\(startLatitude + distance / 111_195)</LatitudeDegrees><LongitudeDegrees>6.0</LongitudeDegrees></Position>"
                    + "<DistanceMeters>\(distance)</DistanceMeters><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>"
            }
            let begin = iso.string(from: Date(timeIntervalSince1970: start))
            return "<Activity Sport=\"\(sport)\"><Id>\(begin)</Id><Lap StartTime=\"\(begin)\"><TotalTimeSeconds>\(seconds)</TotalTimeSeconds>"
                + "<DistanceMeters>\(Double(seconds - 1) * speed)</DistanceMeters><Track>\(points)</Track></Lap></Activity>"
        }
        let start = 1_780_000_000.0
        return "<?xml version=\"1.0\"?><TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities>"
            + activity("Running", start: start, seconds: 1200, speed: 3.2, startLatitude: 45)
            + activity("Biking", start: start + 1320, seconds: 1800, speed: 9, startLatitude: 45.04)
            + "</Activities></TrainingCenterDatabase>"
    }

    @Test func aTCXWithSeveralActivitiesSplitsIntoLegs() throws {
        let decoded = try TCXDecoder().decode(Data(Self.multisportTCX().utf8))
        let legs = MultisportSplitter.legs(of: decoded)
        #expect(legs.map(\.sport) == [.run, .ride])
        #expect(legs.map(\.samples.count) == [1200, 1800])
        #expect(legs.map { $0.laps.count } == [1, 1])
        let run = ActivityAnalyzer.analyze(legs[0].samples, sport: .run, parameters: AthleteParameters())
        #expect(abs((run.distance ?? 0) - 3836.8) < 5)
        if let fastest = run.bestEfforts.first(where: { $0.name == "400m" }) { #expect(fastest.value > 120) }
        // A plain file with one activity stays one.
        #expect(MultisportSplitter.legs(of: try TCXDecoder().decode(try Fixtures.data("tcx/stravalib-sample.tcx"))).count == 1)
    }
}

@testable import AthletIQCore
import Foundation
import Testing

@Suite struct FITEncoderTests {
    @Test func encodedActivitiesDecodeBackToTheSameSamples() throws {
        let original = SyntheticActivity.make(seed: 7, start: Date(timeIntervalSince1970: 1_700_000_000), seconds: 600, sport: .ride)
        let data = FITEncoder().encode(original)
        let decoded = try FITDecoder(options: .strict).decode(data)
        #expect(decoded.samples.count == 600)
        #expect(decoded.sport == .ride)
        #expect(decoded.sessions.count == 1)
        #expect(decoded.startTime == original.startTime)
        for channel in [SampleSeries.Channel.latitude, .longitude, .altitude, .distance, .speed, .heartRate, .power] {
            let a = try #require(original.samples[channel]), b = try #require(decoded.samples[channel])
            let tolerance: Double = channel == .latitude || channel == .longitude ? 1e-6 : 0.2
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }, "\(channel)")
        }
        #expect(abs((decoded.summary.distance ?? 0) - (original.summary.distance ?? 0)) < 0.02)
    }

    @Test func syntheticActivitiesAreReproducible() {
        let a = SyntheticActivity.make(seed: 3, start: Date(timeIntervalSince1970: 0), seconds: 100)
        let b = SyntheticActivity.make(seed: 3, start: Date(timeIntervalSince1970: 0), seconds: 100)
        #expect(a.samples == b.samples)
        #expect(FITEncoder().encode(a) == FITEncoder().encode(b))
    }
}

@testable import AthletIQCore
import Foundation
import Testing

/// A chest strap keeps the swim's heart rate in its memory and the watch writes it afterwards as
/// `hr` messages: merged into the records as the FIT SDK does, the swim gets its heart rate.
@Suite struct FITHeartRateMergeTests {
    @Test func aTriathlonSwimGetsTheStrapsHeartRateAsTheSDKMergesIt() throws {
        let oracle = try #require(try JSONSerialization.jsonObject(with: Fixtures.data("oracle-fit-hr-merge.json")) as? [String: Any])
        let expected = try #require(oracle["records"] as? [[Double]])
        #expect(expected.count == 343)
        let activity = try FITDecoder(options: .strict).decode(try Fixtures.data("fit/fitparse-sample_mulitple_header.fit"))
        let times = try #require(activity.samples[.time])
        let heartRates = try #require(activity.samples[.heartRate])
        var byTime: [Double: Double] = [:]
        for (time, heartRate) in zip(times, heartRates) { byTime[time] = heartRate }
        var equal = 0
        for pair in expected where pair.count == 2 {
            if byTime[pair[0]] == pair[1] { equal += 1 }
        }
        #expect(equal == expected.count, "\(equal) of \(expected.count) merged heart rates as the FIT SDK's")
        // The swim (the first session) averages what the watch reported for it.
        let swim = try #require(activity.sessions.first)
        let end = try #require(swim.endTime).timeIntervalSince1970
        let swimRates = zip(times, heartRates).filter { $0.0 <= end && !$0.1.isNaN }.map(\.1)
        #expect(swimRates.count == 350)
        let mean = swimRates.reduce(0, +) / Double(swimRates.count)
        #expect(abs(mean - (swim.averageHeartRate ?? 0)) < 1.5, "\(mean) against the watch's \(swim.averageHeartRate ?? 0)")
    }

    /// A strap's 12-bit clock rolls over every 4 s and its full clock every 48 days: both unroll.
    /// Records take the mean of the strap's values since the record before, spread over 250 ms
    /// steps and carried across a silence for up to 5 s.
    @Test func packedAndRolledOverClocksUnrollAndMergeAsTheSDKDoes() {
        var messages = FITHeartRateMessages()
        let anchor = 1_700_000_000.0
        // Anchored 2 s before the strap's 32-bit clock rolls over.
        let first = UInt32.max - 2047
        messages.add(anchorTime: anchor, fullEvents: [first], packedEvents: [], bpms: [120])
        // Then every half second, as 12-bit values only, across the rollover.
        var event = first
        var packed: [UInt16] = []
        for _ in 0..<8 {
            event = event &+ 512
            packed.append(UInt16(event & 0xFFF))
        }
        messages.add(anchorTime: nil, fullEvents: [], packedEvents: packed, bpms: [121, 122, 123, 124, 125, 126, 127, 128])
        // Silent for 8 s, then one more value with the full clock.
        messages.add(anchorTime: nil, fullEvents: [first &+ 12 * 1024], packedEvents: [], bpms: [130])
        #expect(messages.times.map { $0 - anchor } == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 12])
        var columns: [SampleSeries.Channel: [Double]] = [:]
        columns[.time] = [0, 1, 2, 3, 4.2, 6, 12, 20].map { anchor + $0 }
        columns[.heartRate] = [.nan, .nan, 150, .nan, .nan, .nan, .nan, .nan]
        let merged = messages.merged(into: SampleSeries(count: 8, columns: columns))
        let rates = merged[.heartRate] ?? []
        #expect(rates[0] == 120, "the second up to the first record")
        #expect(rates[1] == 121, "120, 121, 121, 122 over (0, 1]")
        #expect(rates[2] == 150, "the device's own value is kept")
        #expect(rates[3] == 125)
        #expect(rates[4] == 127)
        #expect(rates[5] == 128, "the last value carried into the silence")
        #expect(rates[6] == 128, "carried for 5 s, then 130 at 12 s: 12 steps of 128 and one of 130")
        #expect(rates[7].isNaN, "the strap's values end at 12 s")
    }
}

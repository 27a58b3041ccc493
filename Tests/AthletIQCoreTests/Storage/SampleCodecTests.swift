@testable import AthletIQCore
import Foundation
import Testing

@Suite struct SampleCodecTests {
    static func samplesAsJSON(_ series: SampleSeries) throws -> Data {
        var rows: [[String: Double]] = []
        for index in 0..<series.count {
            var row: [String: Double] = [:]
            for channel in SampleSeries.Channel.allCases {
                if let value = series.value(channel, at: index) { row[channel.rawValue] = value }
            }
            rows.append(row)
        }
        return try JSONSerialization.data(withJSONObject: rows)
    }

    @Test(arguments: ["fit/fitparse-Edge810-Vector-2013-08-16-15-35-10.fit", "fit/fitparse-activity-small-fenix2-run.fit",
                      "gpx/gpxpy-cerknicko-jezero.gpx", "tcx/stravalib-sample.tcx"])
    func roundTripsWithinResolutionAndIsTenTimesSmallerThanJSON(path: String) throws {
        let activity = try ActivityFiles.decode(name: path, data: try Fixtures.data(path))
        let series = activity.samples
        let stored = try SampleCodec.encode(series)
        let restored = try SampleCodec.decode(stored)
        #expect(restored.count == series.count)
        for channel in SampleSeries.Channel.allCases {
            #expect(restored.has(channel) == series.has(channel), "\(path) \(channel)")
            guard let original = series[channel], let back = restored[channel] else { continue }
            let tolerance = 0.5 / SampleCodec.scale(channel) + 1e-9
            for index in 0..<original.count {
                if original[index].isNaN { #expect(back[index].isNaN); continue }
                #expect(abs(back[index] - original[index]) <= tolerance, "\(path) \(channel)[\(index)]")
            }
        }
        let json = try Self.samplesAsJSON(series)
        #expect(Double(json.count) / Double(stored.count) >= 10, "\(path): JSON \(json.count) bytes vs stored \(stored.count)")
    }

    @Test func damagedBlobsThrow() throws {
        let activity = try ActivityFiles.decode(name: "x.fit", data: try Fixtures.data("fit/fitparse-2013-02-06-12-11-14.fit"))
        let stored = try SampleCodec.encode(activity.samples)
        #expect(throws: FileDecodeError.self) { try SampleCodec.decode(Data()) }
        #expect(throws: FileDecodeError.self) { try SampleCodec.decode(Data([9]) + stored.dropFirst()) }
        #expect(throws: FileDecodeError.self) { try SampleCodec.decode(stored.prefix(stored.count / 2)) }
        let empty = try SampleCodec.decode(try SampleCodec.encode(SampleSeries()))
        #expect(empty.count == 0)
    }
}

@Suite struct SampleCodecFuzzRegressions {
    /// Found by scripts/fuzz.sh: a sample count past Int.max trapped on conversion.
    @Test func anAbsurdSampleCountIsRefused() throws {
        var body = [UInt8](repeating: 0xFF, count: 9) + [0x01, 0x00, 0x00]
        let compressed = try Deflate.compress(Data(body))
        #expect(throws: FileDecodeError.self) { try SampleCodec.decode(Data([SampleCodec.version]) + compressed) }
        body = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(throws: FileDecodeError.self) { try SampleCodec.decode(Data([SampleCodec.version]) + (try Deflate.compress(Data(body)))) }
    }
}

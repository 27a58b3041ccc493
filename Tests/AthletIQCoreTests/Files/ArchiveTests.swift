@testable import AthletIQCore
import CompressNIO
import Foundation
import NIOCore
import Testing

enum Gzip {
    static func compress(_ data: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let output = try buffer.compress(with: .gzip())
        return Data(output.readableBytesView)
    }
}

@Suite struct ArchiveTests {
    let fit = (try? Fixtures.data("fit/fitparse-2013-02-06-12-11-14.fit")) ?? Data()
    let gpx = (try? Fixtures.data("gpx/gpxpy-cerknicko-jezero.gpx")) ?? Data()

    @Test func recognisesFormatsByContent() async throws {
        #expect(ActivityFiles.kind(name: "x.bin", data: fit) == .activity(.fit))
        #expect(ActivityFiles.kind(name: "x.bin", data: gpx) == .activity(.gpx))
        #expect(ActivityFiles.kind(name: "x", data: try Fixtures.data("tcx/stravalib-sample.tcx")) == .activity(.tcx))
        #expect(ActivityFiles.kind(name: "x", data: try Gzip.compress(fit)) == .gzip)
        #expect(ActivityFiles.kind(name: "notes.txt", data: Data("hello".utf8)) == .other)
    }

    @Test func opensGzipAndNestedZip() async throws {
        let gz = try Gzip.compress(fit)
        let single = try await ActivityFiles.decodeSingle(name: "run.fit.gz", data: gz)
        #expect(single.samples.count == 590)

        let inner = try ZipArchiveWriter()
        try inner.add(path: "activities/1.fit.gz", data: gz, compress: false)
        try inner.add(path: "activities/2.gpx", data: gpx)
        try inner.add(path: "activities.csv", data: Data("Activity ID,Activity Name\n1,Run\n".utf8))
        let outer = try ZipArchiveWriter()
        try outer.add(path: "export.zip", data: inner.data)
        var paths: [String] = []
        try await ActivityFiles.expand(name: "upload.zip", data: outer.data) { file in paths.append(file.path) }
        #expect(paths.sorted() == ["export.zip/activities.csv", "export.zip/activities/1.fit", "export.zip/activities/2.gpx"])
    }

    @Test func refusesDecompressionBombs() async throws {
        let zeros = Data(count: 64 << 20)
        let bomb = try Gzip.compress(zeros)
        #expect(bomb.count < 200_000)
        await #expect(throws: FileDecodeError.self) {
            try await ActivityFiles.expand(name: "bomb.gz", data: bomb, limits: ArchiveLimits(maxFileBytes: 8 << 20)) { _ in }
        }
        let zip = try ZipArchiveWriter()
        for index in 0..<5 { try zip.add(path: "\(index).bin", data: Data(count: 4 << 20)) }
        await #expect(throws: FileDecodeError.self) {
            try await ActivityFiles.expand(name: "many.zip", data: zip.data, limits: ArchiveLimits(maxTotalBytes: 10 << 20)) { _ in }
        }
        await #expect(throws: FileDecodeError.self) {
            try await ActivityFiles.expand(name: "many.zip", data: zip.data, limits: ArchiveLimits(maxEntries: 3)) { _ in }
        }
    }

    /// The overlapping zip bomb: many central-directory entries pointing at one compressed
    /// stream (here 40 entries at one 16 MB stream), or at the same path twice.
    @Test func refusesOverlappingAndRepeatedEntries() async throws {
        let zip = try ZipArchiveWriter()
        try zip.add(path: "a.bin", data: Data(count: 16 << 20))
        let honest = zip.data
        let overlapping = Self.withCentralEntryRepeated(honest, times: 40, renamed: true)
        #expect(overlapping.count < 200_000)
        #expect(throws: FileDecodeError.self) { try ZipReader(data: overlapping).entries(maxEntries: 1000) }
        await #expect(throws: FileDecodeError.self) {
            try await ActivityFiles.expand(name: "bomb.zip", data: overlapping) { _ in }
        }
        let repeated = Self.withCentralEntryRepeated(honest, times: 2, renamed: false)
        #expect(throws: FileDecodeError.self) { try ZipReader(data: repeated).entries(maxEntries: 1000) }
        #expect(try ZipReader(data: honest).entries(maxEntries: 1000).count == 1)
        // A small upload gets a small budget: 200 kB may not expand to gigabytes.
        #expect(ArchiveLimits().budget(forUploadOf: 200_000) == 64 << 20)
        #expect(ArchiveLimits().budget(forUploadOf: 500 << 20) == 8 << 30)
        #expect(ArchiveLimits().budget(forUploadOf: Int.max) == 8 << 30)
    }

    /// Copies the one central-directory record of `zip` `times` times (names changed in their
    /// last byte when `renamed`), all pointing at the same local header.
    static func withCentralEntryRepeated(_ zip: Data, times: Int, renamed: Bool) -> Data {
        let bytes = [UInt8](zip)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        let end = bytes.count - 22
        let directoryOffset = u32(end + 16), directorySize = u32(end + 12)
        let record = Array(bytes[directoryOffset..<(directoryOffset + directorySize)])
        let nameLength = Int(record[28]) | Int(record[29]) << 8
        var directory: [UInt8] = []
        for index in 0..<times {
            var copy = record
            if renamed { copy[46 + nameLength - 1] = UInt8(65 + index % 26); copy[46] = UInt8(65 + index / 26) }
            directory += copy
        }
        var out = Array(bytes[0..<directoryOffset]) + directory
        var trailer = Array(bytes[end...])
        trailer[8] = UInt8(times & 0xFF); trailer[9] = UInt8(times >> 8)
        trailer[10] = UInt8(times & 0xFF); trailer[11] = UInt8(times >> 8)
        for shift in 0..<4 { trailer[12 + shift] = UInt8((directory.count >> (8 * shift)) & 0xFF) }
        out += trailer
        return Data(out)
    }

    @Test func refusesDeepNesting() async throws {
        var data = fit
        for _ in 0..<5 { data = try Gzip.compress(data) }
        await #expect(throws: FileDecodeError.self) {
            try await ActivityFiles.expand(name: "deep.gz", data: data, limits: ArchiveLimits(maxDepth: 3)) { _ in }
        }
    }

    @Test func damagedArchivesThrowInsteadOfTrapping() async throws {
        let gz = try Gzip.compress(fit)
        for cut in [10, gz.count / 2] {
            await #expect(throws: (any Error).self) { try await ActivityFiles.decodeSingle(name: "x.gz", data: gz.prefix(cut)) }
        }
        let zip = try ZipArchiveWriter()
        try zip.add(path: "a.fit", data: fit)
        let bytes = zip.data
        for cut in [4, 30, bytes.count / 2] {
            let result = try? await ActivityFiles.decodeSingle(name: "x.zip", data: bytes.prefix(cut))
            #expect(result == nil, "cut at \(cut) of \(bytes.count)")
        }
        var flipped = [UInt8](bytes)
        for index in stride(from: 40, to: flipped.count, by: 97) { flipped[index] ^= 0x5A }
        _ = try? await ActivityFiles.decodeSingle(name: "x.zip", data: Data(flipped))
    }

    @Test func inspectReportHasExactlyTheDocumentedKeys() async throws {
        let report = InspectReport(try await ActivityFiles.decodeSingle(name: "x.fit", data: fit))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "sport", "sub_sport", "start_time", "elapsed_time_s", "timer_time_s", "distance_m",
                                     "ascent_m", "descent_m", "avg_heart_rate", "max_heart_rate", "records", "laps", "sessions",
                                     "has", "first_record", "warnings"])
        #expect(Set((object["has"] as? [String: Any] ?? [:]).keys) == ["position", "heart_rate", "cadence", "power", "altitude"])
        #expect(Set((object["first_record"] as? [String: Any] ?? [:]).keys) == ["timestamp", "lat", "lon", "altitude_m", "heart_rate", "distance_m"])
        #expect(object["records"] as? Int == 590)
        #expect(object["start_time"] as? String == "2013-02-06T12:11:14Z")
        let failure = InspectReport.Failure(FileDecodeError(.corrupt, "broken", offset: 12))
        let error = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(failure)) as? [String: [String: Any]])
        #expect(Set(error["error"]?.keys ?? [:].keys) == ["code", "message", "offset"])
    }
}

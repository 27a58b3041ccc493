import Testing
@testable import AthletIQCore
import Foundation
import ZIPFoundation

@Suite struct ZipArchiveWriterTests {
    @Test func writesEntriesThatReadBack() throws {
        let writer = try ZipArchiveWriter()
        let payload = Data((0..<100_000).map { UInt8($0 % 251) })
        try writer.add(path: "a/b.bin", data: payload)
        try writer.add(path: "c.txt", data: Data("hello".utf8), compress: false)
        let archive = try Archive(data: writer.data, accessMode: .read)
        var read = Data()
        let entry = try #require(archive["a/b.bin"])
        _ = try archive.extract(entry) { read.append($0) }
        #expect(read == payload)
        #expect(archive["c.txt"] != nil)
        #expect(writer.data.count < payload.count)
    }
}

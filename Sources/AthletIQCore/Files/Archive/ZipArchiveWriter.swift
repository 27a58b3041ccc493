import Foundation
import ZIPFoundation

/// Builds a ZIP archive in memory (deflate-compressed entries).
public struct ZipArchiveWriter {
    private let archive: Archive

    public init() throws {
        archive = try Archive(data: Data(), accessMode: .create)
    }

    public func add(path: String, data: Data, compress: Bool = true) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count),
            compressionMethod: compress ? .deflate : .none,
            provider: { position, size in
                let start = Int(position)
                return data.subdata(in: start..<min(data.count, start + size))
            })
    }

    /// The bytes of the finished archive.
    public var data: Data {
        archive.data ?? Data()
    }
}

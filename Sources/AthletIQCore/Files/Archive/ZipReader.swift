import Foundation

/// Reads the entries of a ZIP archive from memory: the central directory (ZIP64 included),
/// stored and deflated entries. Every offset and size is checked against the data; damaged or
/// hostile archives throw.
struct ZipReader {
    struct Entry {
        var path: String
        var method: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    let data: Data
    let base: Int

    init(data: Data) {
        self.data = data
        self.base = data.startIndex
    }

    static func looksLikeZip(_ data: Data) -> Bool {
        data.count >= 4 && data[data.startIndex] == 0x50 && data[data.startIndex + 1] == 0x4B
            && data[data.startIndex + 2] == 0x03 && data[data.startIndex + 3] == 0x04
    }

    func entries(maxEntries: Int) throws -> [Entry] {
        let end = try endOfCentralDirectory()
        guard end.count <= maxEntries else {
            throw FileDecodeError(.tooLarge, "the archive has \(end.count) entries, more than \(maxEntries)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(end.count)
        var offset = end.directoryOffset
        for _ in 0..<end.count {
            guard try uint32(offset) == 0x0201_4B50 else { throw corrupt("a central directory entry is damaged", offset) }
            let method = try uint16(offset + 10)
            var compressed = Int(try uint32(offset + 20))
            var uncompressed = Int(try uint32(offset + 24))
            let nameLength = Int(try uint16(offset + 28))
            let extraLength = Int(try uint16(offset + 30))
            let commentLength = Int(try uint16(offset + 32))
            var localOffset = Int(try uint32(offset + 42))
            let name = try bytes(offset + 46, nameLength)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                try readZip64(extraAt: offset + 46 + nameLength, length: extraLength,
                              uncompressed: &uncompressed, compressed: &compressed, localOffset: &localOffset)
            }
            let path = String(decoding: name, as: UTF8.self)
            entries.append(Entry(path: path, method: method, compressedSize: compressed, uncompressedSize: uncompressed,
                                 localHeaderOffset: localOffset))
            offset += 46 + nameLength + extraLength + commentLength
        }
        try checkLayout(entries, directoryOffset: end.directoryOffset)
        return entries
    }

    /// Refuses archives whose entries share or overlap their bytes, or repeat a path: a 257 kB
    /// archive of 40 entries pointing at one 250 MB stream inflates to 10 GB (the overlapping
    /// "zip bomb"); honest archives lay each entry after the previous one.
    private func checkLayout(_ entries: [Entry], directoryOffset: Int) throws {
        var paths = Set<String>()
        for entry in entries where !paths.insert(entry.path).inserted {
            throw corrupt("the path \(entry.path) appears twice", directoryOffset)
        }
        let ordered = entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        for (index, entry) in ordered.enumerated() {
            let start = try dataStart(of: entry)
            let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
            let next = index + 1 < ordered.count ? ordered[index + 1].localHeaderOffset : directoryOffset
            guard !overflow, entry.compressedSize >= 0, end <= next else {
                throw corrupt("entries overlap (\(entry.path))", entry.localHeaderOffset)
            }
        }
    }

    /// Where an entry's compressed bytes start, after its local header.
    private func dataStart(of entry: Entry) throws -> Int {
        let header = entry.localHeaderOffset
        guard try uint32(header) == 0x0403_4B50 else { throw corrupt("a local file header is damaged", header) }
        return header + 30 + Int(try uint16(header + 26)) + Int(try uint16(header + 28))
    }

    /// The bytes of an entry, decompressed, refusing to expand past `limit`.
    func contents(of entry: Entry, limit: Int) throws -> Data {
        let header = entry.localHeaderOffset
        let start = try dataStart(of: entry)
        let flags = try uint16(header + 6)
        guard flags & 0x1 == 0 else { throw FileDecodeError(.unsupported, "\(entry.path) is encrypted", offset: header) }
        guard entry.compressedSize >= 0, start >= 0, start + entry.compressedSize <= data.count else {
            throw FileDecodeError(.truncated, "\(entry.path) extends past the end of the archive", offset: start)
        }
        let slice = data.subdata(in: (base + start)..<(base + start + entry.compressedSize))
        switch entry.method {
        case 0:
            guard slice.count <= limit else { throw FileDecodeError(.tooLarge, "\(entry.path) is larger than \(limit) bytes") }
            return slice
        case 8:
            return try Inflate.decompress(slice, format: .rawDeflate, limit: limit)
        default:
            throw FileDecodeError(.unsupported, "\(entry.path) uses compression method \(entry.method)", offset: header)
        }
    }

    // MARK: - Structure

    private struct EndRecord { var count: Int; var directoryOffset: Int }

    private func endOfCentralDirectory() throws -> EndRecord {
        // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes).
        guard data.count >= 22 else { throw FileDecodeError(.notRecognized, "too short to be a ZIP archive", offset: 0) }
        var offset = data.count - 22
        let lowest = max(0, data.count - 22 - 65_535)
        while offset >= lowest {
            if try uint32(offset) == 0x0605_4B50 {
                var count = Int(try uint16(offset + 10))
                var directory = Int(try uint32(offset + 16))
                if (count == 0xFFFF || directory == 0xFFFF_FFFF), offset >= 20, try uint32(offset - 20) == 0x0706_4B50 {
                    let zip64End = Int(try uint64(offset - 12))
                    guard try uint32(zip64End) == 0x0606_4B50 else { throw corrupt("the ZIP64 end record is damaged", zip64End) }
                    count = Int(try uint64(zip64End + 32))
                    directory = Int(try uint64(zip64End + 48))
                }
                guard directory >= 0, directory < data.count, count >= 0 else { throw corrupt("the central directory is out of range", offset) }
                return EndRecord(count: count, directoryOffset: directory)
            }
            offset -= 1
        }
        throw FileDecodeError(.notRecognized, "not a ZIP archive (no central directory)", offset: data.count)
    }

    private func readZip64(extraAt start: Int, length: Int, uncompressed: inout Int, compressed: inout Int, localOffset: inout Int) throws {
        var offset = start
        while offset + 4 <= start + length {
            let id = try uint16(offset)
            let size = Int(try uint16(offset + 2))
            if id == 0x0001 {
                var field = offset + 4
                if uncompressed == 0xFFFF_FFFF { uncompressed = Int(try uint64(field)); field += 8 }
                if compressed == 0xFFFF_FFFF { compressed = Int(try uint64(field)); field += 8 }
                if localOffset == 0xFFFF_FFFF { localOffset = Int(try uint64(field)) }
                return
            }
            offset += 4 + size
        }
    }

    private func corrupt(_ message: String, _ offset: Int) -> FileDecodeError {
        FileDecodeError(.corrupt, "damaged ZIP archive: \(message)", offset: offset)
    }

    private func bytes(_ offset: Int, _ count: Int) throws -> Data {
        guard offset >= 0, count >= 0, offset + count <= data.count else {
            throw FileDecodeError(.truncated, "the ZIP archive ends early", offset: offset)
        }
        return data.subdata(in: (base + offset)..<(base + offset + count))
    }

    private func uint16(_ offset: Int) throws -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { throw FileDecodeError(.truncated, "the ZIP archive ends early", offset: offset) }
        return UInt16(data[base + offset]) | UInt16(data[base + offset + 1]) << 8
    }

    private func uint32(_ offset: Int) throws -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { throw FileDecodeError(.truncated, "the ZIP archive ends early", offset: offset) }
        var value: UInt32 = 0
        for index in (0..<4).reversed() { value = value << 8 | UInt32(data[base + offset + index]) }
        return value
    }

    private func uint64(_ offset: Int) throws -> UInt64 {
        guard offset >= 0, offset + 8 <= data.count else { throw FileDecodeError(.truncated, "the ZIP archive ends early", offset: offset) }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(data[base + offset + index]) }
        // Sizes past 2^62 are nonsense; keep Int conversion safe.
        return min(value, UInt64(Int.max / 4))
    }
}

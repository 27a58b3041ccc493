import Foundation

/// Limits that stop hostile archives: decompression bombs, absurd entry counts, deep nesting.
public struct ArchiveLimits: Sendable {
    /// Largest single file once decompressed.
    public var maxFileBytes: Int
    /// Largest total of decompressed bytes from one upload.
    public var maxTotalBytes: Int
    /// Most entries in one archive.
    public var maxEntries: Int
    /// Most levels of archives inside archives.
    public var maxDepth: Int
    /// An upload may expand to this many times its own size (real exports expand 2-20 times,
    /// deflate at most about 1,000), with at least `minimumBudget` bytes.
    public var expansionRatio: Int
    public var minimumBudget: Int

    public init(maxFileBytes: Int = 256 << 20, maxTotalBytes: Int = 8 << 30, maxEntries: Int = 200_000, maxDepth: Int = 3,
                expansionRatio: Int = 100, minimumBudget: Int = 64 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxEntries = maxEntries
        self.maxDepth = maxDepth
        self.expansionRatio = expansionRatio
        self.minimumBudget = minimumBudget
    }

    /// The decompression budget of an upload of `size` bytes.
    public func budget(forUploadOf size: Int) -> Int {
        let (proportional, overflow) = size.multipliedReportingOverflow(by: expansionRatio)
        return min(maxTotalBytes, overflow ? maxTotalBytes : max(minimumBudget, proportional))
    }
}

/// A file taken out of an upload (or the upload itself when it is not an archive).
public struct ExtractedFile: Sendable {
    /// Its path inside the archive(s), e.g. `activities/123.fit` (without `.gz`).
    public var path: String
    public var data: Data
    /// The gzip bytes it came out of, when it was a `.gz` file (kept as the stored original).
    public var gzipped: Data?
}

/// Recognises activity files, opens archives around them, and decodes them.
public enum ActivityFiles {
    public enum Kind: Equatable, Sendable {
        case activity(FileFormat)
        case gzip
        case zip
        case other
    }

    /// What a file is, by its content first and its name second.
    public static func kind(name: String, data: Data) -> Kind {
        let head = [UInt8](data.prefix(4096))
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return .gzip }
        if ZipReader.looksLikeZip(data) { return .zip }
        if FITDecoder.looksLikeFIT(head) { return .activity(.fit) }
        // The root element names the XML format (byte search: no string is built for it).
        if contains(head, "<gpx") || contains(head, ":gpx") { return .activity(.gpx) }
        if contains(head, "TrainingCenterDatabase") { return .activity(.tcx) }
        let lower = name.lowercased()
        if lower.hasSuffix(".fit") { return .activity(.fit) }
        if lower.hasSuffix(".gpx") { return .activity(.gpx) }
        if lower.hasSuffix(".tcx") { return .activity(.tcx) }
        return .other
    }

    static func contains(_ bytes: [UInt8], _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { needle in
            guard let first = needle.first, needle.count <= bytes.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var offset = 1
                    while offset < needle.count && bytes[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Calls `body` with every file inside `data`, opening `.gz` and `.zip` (also nested), or with
    /// `data` itself when it is not an archive.
    public static func expand(name: String, data: Data, limits: ArchiveLimits = ArchiveLimits(),
                              _ body: (ExtractedFile) async throws -> Void) async throws {
        var budget = limits.budget(forUploadOf: data.count)
        try await expand(name: name, data: data, gzipped: nil, limits: limits, depth: 0, budget: &budget, body)
    }

    /// Counts the activity files inside an upload without decompressing them (ZIP directory only).
    public static func estimatedFileCount(name: String, data: Data) -> Int {
        guard case .zip = kind(name: name, data: data),
              let entries = try? ZipReader(data: data).entries(maxEntries: 1_000_000) else { return 1 }
        return entries.filter { !$0.isDirectory && !$0.path.lowercased().hasSuffix(".csv") && !$0.path.hasPrefix("__MACOSX/") }.count
    }

    private static func expand(name: String, data: Data, gzipped: Data?, limits: ArchiveLimits, depth: Int, budget: inout Int,
                               _ body: (ExtractedFile) async throws -> Void) async throws {
        switch kind(name: name, data: data) {
        case .gzip:
            guard depth < limits.maxDepth else { throw FileDecodeError(.tooLarge, "archives are nested more than \(limits.maxDepth) deep") }
            let inner = try Inflate.decompress(data, format: .gzip, limit: min(limits.maxFileBytes, budget))
            budget -= inner.count
            let innerName = name.lowercased().hasSuffix(".gz") ? String(name.dropLast(3)) : name
            try await expand(name: innerName, data: inner, gzipped: data, limits: limits, depth: depth + 1, budget: &budget, body)
        case .zip:
            guard depth < limits.maxDepth else { throw FileDecodeError(.tooLarge, "archives are nested more than \(limits.maxDepth) deep") }
            let reader = ZipReader(data: data)
            // CSV files first: a Strava export's activities.csv describes the files that follow.
            let entries = try reader.entries(maxEntries: limits.maxEntries)
                .sorted { ($0.path.lowercased().hasSuffix(".csv") ? 0 : 1) < ($1.path.lowercased().hasSuffix(".csv") ? 0 : 1) }
            for entry in entries where !entry.isDirectory {
                if entry.path.hasPrefix("__MACOSX/") || entry.path.split(separator: "/").last?.hasPrefix("._") == true { continue }
                guard budget > 0 else { throw FileDecodeError(.tooLarge, "the archive expands past its decompression budget") }
                let contents = try reader.contents(of: entry, limit: min(limits.maxFileBytes, budget))
                budget -= contents.count
                let path = depth == 0 ? entry.path : "\(name)/\(entry.path)"
                try await expand(name: path, data: contents, gzipped: nil, limits: limits, depth: depth + 1, budget: &budget, body)
            }
        case .activity, .other:
            try await body(ExtractedFile(path: name, data: data, gzipped: gzipped))
        }
    }

    /// Decodes one activity file (not an archive).
    public static func decode(name: String, data: Data, options: DecodeOptions = .strict) throws -> DecodedActivity {
        guard !data.isEmpty else { throw FileDecodeError(.empty, "the file is empty", offset: 0) }
        switch kind(name: name, data: data) {
        case .activity(.fit): return try FITDecoder(options: options).decode(data)
        case .activity(.gpx): return try GPXDecoder(options: options).decode(data)
        case .activity(.tcx): return try TCXDecoder(options: options).decode(data)
        case .gzip, .zip: throw FileDecodeError(.unsupported, "an archive: expand it first", offset: 0)
        case .other: throw FileDecodeError(.unsupported, "not a FIT, GPX or TCX file", offset: 0)
        }
    }

    /// Decodes a file that may be wrapped in `.gz` (a single activity).
    public static func decodeSingle(name: String, data: Data, options: DecodeOptions = .strict,
                                    limits: ArchiveLimits = ArchiveLimits()) async throws -> DecodedActivity {
        var found: DecodedActivity?
        var failure: Error?
        try await expand(name: name, data: data, limits: limits) { file in
            guard found == nil, failure == nil else { return }
            do {
                found = try decode(name: file.path, data: file.data, options: options)
            } catch {
                if case .other = kind(name: file.path, data: file.data) { return }
                failure = error
            }
        }
        if let found { return found }
        if let failure { throw failure }
        throw FileDecodeError(.unsupported, "no FIT, GPX or TCX file inside", offset: 0)
    }
}

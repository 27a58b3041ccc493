import Foundation

/// Decodes FIT files (the binary protocol, chained files included) into a `DecodedActivity`.
/// Every read is bounds-checked: damaged bytes give a `FileDecodeError` with the offset, never a trap.
public struct FITDecoder {
    public var options: DecodeOptions

    /// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
    static let epochOffset: Double = 631_065_600
    /// FIT timestamps below this are device-relative, not dates.
    static let minimumAbsoluteTimestamp: UInt32 = 0x1000_0000

    public init(options: DecodeOptions = .strict) {
        self.options = options
    }

    /// Whether `bytes` start like a FIT file.
    public static func looksLikeFIT(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && (bytes[0] == 12 || bytes[0] == 14) && bytes[8] == 0x2E && bytes[9] == 0x46
            && bytes[10] == 0x49 && bytes[11] == 0x54
    }

    public func decode(_ data: Data) throws -> DecodedActivity {
        try decode([UInt8](data))
    }

    public func decode(_ bytes: [UInt8]) throws -> DecodedActivity {
        var state = FITDecodeState(bytes: bytes, maxSamples: options.maxSamples)
        do {
            try state.run()
        } catch let error as FileDecodeError {
            var partial = state.finish()
            guard !options.strict, state.builder.count > 0 || !partial.sessions.isEmpty else {
                var failure = error
                failure.partial = partial
                throw failure
            }
            partial.warnings.append(DecodeWarning("decoding stopped early: \(error.message)", offset: error.offset))
            return partial
        }
        return state.finish()
    }
}

/// The running state of one decode: definitions, the last timestamp, and what has been read.
struct FITDecodeState {
    let bytes: [UInt8]
    let reader: FITFieldReader
    let maxSamples: Int
    var definitions = [FITDefinition?](repeating: nil, count: 16)
    var lastTimestamp: UInt32?
    var builder: SampleSeriesBuilder
    var activity = DecodedActivity(format: .fit)
    var sessionSport: Int?
    var sessionSubSport: Int?
    var accumulatedDistance = FITAccumulator(bits: 12)
    var relativeTimestamps = false
    var fileCount = 0
    var heartRateMessages = FITHeartRateMessages()

    init(bytes: [UInt8], maxSamples: Int) {
        self.bytes = bytes
        self.reader = FITFieldReader(bytes: bytes)
        self.maxSamples = maxSamples
        // A record takes at least a few bytes: a cheap upper bound on the rows.
        // Records take about 40 bytes in practice: reserve that many (growth covers denser files).
        self.builder = SampleSeriesBuilder(capacity: min(bytes.count / 40, 200_000))
    }

    mutating func run() throws {
        guard !bytes.isEmpty else { throw FileDecodeError(.empty, "the file is empty", offset: 0) }
        var offset = 0
        while offset < bytes.count {
            offset = try decodeFile(at: offset)
            fileCount += 1
        }
    }

    /// Decodes one FIT file of a chain; returns where the next one starts.
    mutating func decodeFile(at start: Int) throws -> Int {
        guard start + 12 <= bytes.count else {
            throw FileDecodeError(.truncated, "the file ends inside a FIT header", offset: start)
        }
        let headerSize = Int(bytes[start])
        guard headerSize == 12 || headerSize == 14, start + headerSize <= bytes.count,
              bytes[start + 8] == 0x2E, bytes[start + 9] == 0x46, bytes[start + 10] == 0x49, bytes[start + 11] == 0x54 else {
            throw FileDecodeError(.notRecognized, start == 0 ? "not a FIT file" : "a chained FIT file has a corrupt header", offset: start)
        }
        if headerSize == 14 {
            let stored = UInt16(bytes[start + 12]) | UInt16(bytes[start + 13]) << 8
            if stored != 0 && stored != FITCRC.compute(bytes, from: start, to: start + 12) {
                throw FileDecodeError(.badChecksum, "the FIT header checksum does not match", offset: start + 12)
            }
        }
        let dataSize = Int(reader.unsigned(at: start + 4, size: 4, littleEndian: true))
        let dataStart = start + headerSize
        let dataEnd = dataStart + dataSize
        definitions = [FITDefinition?](repeating: nil, count: 16)
        var offset = dataStart
        while offset < dataEnd {
            offset = try decodeMessage(at: offset, limit: dataEnd)
        }
        guard dataEnd + 2 <= bytes.count else {
            throw FileDecodeError(.truncated, "the file ends before its checksum", offset: min(dataEnd, bytes.count))
        }
        let stored = UInt16(bytes[dataEnd]) | UInt16(bytes[dataEnd + 1]) << 8
        let computed = FITCRC.compute(bytes, from: start, to: dataEnd)
        // A file CRC of 0 means "not computed" for some writers.
        if stored != computed && !(stored == 0) {
            throw FileDecodeError(.badChecksum, "the FIT file checksum does not match (stored \(stored), computed \(computed))", offset: dataEnd)
        }
        return dataEnd + 2
    }

    /// Decodes the message at `offset`; returns the offset after it.
    mutating func decodeMessage(at offset: Int, limit: Int) throws -> Int {
        guard offset < bytes.count else {
            throw FileDecodeError(.truncated, "the file ends in the middle of its data", offset: offset)
        }
        let header = bytes[offset]
        if header & 0x80 != 0 {
            // Compressed timestamp header: a data message with a 5-bit time offset.
            let local = Int((header >> 5) & 0x03)
            let timeOffset = UInt32(header & 0x1F)
            var timestamp: UInt32?
            if let last = lastTimestamp {
                var value = (last & ~0x1F) &+ timeOffset
                if timeOffset < (last & 0x1F) { value &+= 0x20 }
                timestamp = value
                lastTimestamp = value
            }
            return try decodeData(local: local, at: offset, headerTimestamp: timestamp, limit: limit)
        }
        let local = Int(header & 0x0F)
        if header & 0x40 != 0 {
            return try decodeDefinition(local: local, hasDeveloperFields: header & 0x20 != 0, at: offset, limit: limit)
        }
        return try decodeData(local: local, at: offset, headerTimestamp: nil, limit: limit)
    }

    mutating func decodeDefinition(local: Int, hasDeveloperFields: Bool, at offset: Int, limit: Int) throws -> Int {
        var position = offset + 1
        guard position + 5 <= limit, position + 5 <= bytes.count else {
            throw FileDecodeError(.truncated, "the file ends inside a message definition", offset: offset)
        }
        let littleEndian = bytes[position + 1] == 0
        guard bytes[position + 1] <= 1 else {
            throw FileDecodeError(.corrupt, "a message definition has an unknown byte order", offset: position + 1)
        }
        let global = UInt16(reader.unsigned(at: position + 2, size: 2, littleEndian: littleEndian))
        let fieldCount = Int(bytes[position + 4])
        position += 5
        guard position + fieldCount * 3 <= min(limit, bytes.count) else {
            throw FileDecodeError(.truncated, "the file ends inside a message definition", offset: offset)
        }
        var fields: [FITDefinition.Field] = []
        fields.reserveCapacity(fieldCount)
        var size = 0
        for _ in 0..<fieldCount {
            let field = FITDefinition.Field(number: bytes[position], size: Int(bytes[position + 1]), baseType: bytes[position + 2])
            fields.append(field)
            size += field.size
            position += 3
        }
        var developerSize = 0
        if hasDeveloperFields {
            guard position + 1 <= min(limit, bytes.count) else {
                throw FileDecodeError(.truncated, "the file ends inside a developer field definition", offset: position)
            }
            let count = Int(bytes[position])
            position += 1
            guard position + count * 3 <= min(limit, bytes.count) else {
                throw FileDecodeError(.truncated, "the file ends inside a developer field definition", offset: position)
            }
            for index in 0..<count { developerSize += Int(bytes[position + index * 3 + 1]) }
            position += count * 3
        }
        definitions[local] = FITDefinition(globalNumber: global, littleEndian: littleEndian, fields: fields,
                                           developerSize: developerSize, size: size + developerSize)
        return position
    }

    mutating func decodeData(local: Int, at offset: Int, headerTimestamp: UInt32?, limit: Int) throws -> Int {
        guard let definition = definitions[local] else {
            throw FileDecodeError(.corrupt, "a data message uses local message type \(local) before defining it", offset: offset)
        }
        let start = offset + 1
        let end = start + definition.size
        guard end <= limit, end <= bytes.count else {
            throw FileDecodeError(.truncated, "the file ends inside a data message", offset: offset)
        }
        switch definition.globalNumber {
        case 20: try decodeRecord(definition, at: start, headerTimestamp: headerTimestamp, offset: offset)
        case 18, 19: decodeSummary(definition, at: start, isSession: definition.globalNumber == 18)
        case 0: decodeFileID(definition, at: start)
        case 23: decodeDeviceInfo(definition, at: start)
        case 12: decodeSport(definition, at: start)
        case 132: decodeHeartRates(definition, at: start)
        default: noteTimestamp(definition, at: start)
        }
        return end
    }

    /// The activity read so far.
    mutating func finish() -> DecodedActivity {
        var result = activity
        result.samples = heartRateMessages.merged(into: builder.build())
        result.sport = FITProfile.sport(sessionSport, subSport: sessionSubSport)
        if let sport = sessionSport {
            result.sportName = FITProfile.sports[sport] ?? "sport_\(sport)"
        }
        if let subSport = sessionSubSport {
            result.subSport = FITProfile.subSports[subSport] ?? "sub_sport_\(subSport)"
        }
        result.startTime = result.sessions.compactMap(\.startTime).min()
            ?? result.samples[.time]?.first { !$0.isNaN }.map { Date(timeIntervalSince1970: $0) }
        if relativeTimestamps {
            result.warnings.append(DecodeWarning("timestamps are relative to the device's clock, not dates: the start time is unknown"))
        }
        if fileCount > 1 { result.details["chained_files"] = String(fileCount) }
        return result
    }
}

/// A field that counts up in `bits` bits and rolls over (e.g. compressed distance).
struct FITAccumulator {
    let bits: Int
    private var total: UInt64 = 0
    private var last: UInt64?

    init(bits: Int) { self.bits = bits }

    mutating func add(_ value: UInt64) -> Double {
        let mask: UInt64 = (1 << UInt64(bits)) - 1
        if let last {
            total &+= (value &- last) & mask
        } else {
            total = value
        }
        last = value
        return Double(total)
    }
}

/// Conversions of decoded values that can never trap, whatever the file says.
enum SafeNumber {
    static func uint32(_ value: Double) -> UInt32 {
        guard value.isFinite, value >= 0, value < 4_294_967_296 else { return 0 }
        return UInt32(value)
    }

    static func int(_ value: Double) -> Int {
        guard value.isFinite, value > -9.0e15, value < 9.0e15 else { return 0 }
        return Int(value)
    }
}

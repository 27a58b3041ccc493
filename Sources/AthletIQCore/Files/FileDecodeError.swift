/// Why a file could not be read, and where. Carries what was read before the fault, which a
/// lenient caller may keep (as the reference decoders do).
public struct FileDecodeError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// Not a file of the format (bad header, wrong signature).
        case notRecognized = "not_recognized"
        /// The file ends before its data does.
        case truncated
        /// A checksum does not match: the bytes were damaged.
        case badChecksum = "bad_checksum"
        /// The structure is broken (undefined message, impossible size, malformed XML...).
        case corrupt
        /// The file has nothing in it.
        case empty
        /// Larger than the limits (size, decompressed size, number of entries or samples).
        case tooLarge = "too_large"
        /// A format athletIQ does not read.
        case unsupported
    }

    public var code: Code
    public var message: String
    /// The byte offset of the fault, when it is about one place.
    public var offset: Int?
    /// What was decoded before the fault.
    public var partial: DecodedActivity?

    public init(_ code: Code, _ message: String, offset: Int? = nil, partial: DecodedActivity? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.partial = partial
    }

    public var description: String {
        offset.map { "\(message) (at byte \($0))" } ?? message
    }
}

/// How strictly a decoder treats a damaged file.
public struct DecodeOptions: Sendable {
    /// Strict: any fault throws. Lenient: a fault after some data ends decoding with a warning and
    /// returns what was read.
    public var strict: Bool
    /// Refuse more samples than this (stops absurd allocations).
    public var maxSamples: Int

    public init(strict: Bool = true, maxSamples: Int = 2_000_000) {
        self.strict = strict
        self.maxSamples = maxSamples
    }

    public static let strict = DecodeOptions(strict: true)
    public static let lenient = DecodeOptions(strict: false)
}

import Foundation

/// A small, fast, non-validating XML pull scanner over UTF-8 bytes, for GPX and TCX. It reports
/// start tags (local name, attributes), end tags and text; it skips comments, processing
/// instructions and DOCTYPE, decodes the predefined and numeric entities, and reads CDATA.
/// Malformed input throws `FileDecodeError` with the byte offset; it never traps.
struct XMLScanner {
    enum Event: Equatable {
        /// A start tag; its local name is `nameRange` (see `name`, `nameIs`).
        case start(selfClosing: Bool)
        case end
        case text
    }

    private let bytes: [UInt8]
    private(set) var position: Int
    /// The local name of the last start or end tag, as a byte range (no string is made for it).
    private(set) var nameRange: Range<Int> = 0..<0
    /// Attributes of the last start tag: byte ranges of the local name and of the raw value.
    private var attributes: [(name: Range<Int>, value: Range<Int>)] = []
    /// The raw byte range of the last text, and whether it needs entity decoding.
    private var textRange: Range<Int> = 0..<0
    private var textHasEntities = false
    private var cdataText: String?
    private(set) var depth = 0
    static let maxDepth = 256

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // Skip a UTF-8 byte-order mark.
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The next event, or nil at the end of the document.
    mutating func next() throws -> Event? {
        while position < bytes.count {
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                position = find(UInt8(ascii: "<"), from: start, to: bytes.count)
                // Indentation between tags is not text anyone reads.
                var blank = true
                for index in start..<position where bytes[index] > 0x20 {
                    blank = false
                    break
                }
                if blank { continue }
                textRange = start..<position
                textHasEntities = find(UInt8(ascii: "&"), from: start, to: position) < position
                cdataText = nil
                return .text
            }
            guard position + 1 < bytes.count else { throw error("the document ends inside a tag") }
            let marker = bytes[position + 1]
            if marker == UInt8(ascii: "?") {
                try skip(past: [UInt8]("?>".utf8))
                continue
            }
            if marker == UInt8(ascii: "!") {
                if matches("<!--") { try skip(past: [UInt8]("-->".utf8)); continue }
                if matches("<![CDATA[") {
                    let start = position + 9
                    try skip(past: [UInt8]("]]>".utf8))
                    cdataText = String(decoding: bytes[start..<(position - 3)], as: UTF8.self)
                    return .text
                }
                try skipDeclaration()
                continue
            }
            if marker == UInt8(ascii: "/") {
                position += 2
                nameRange = try readName()
                skipSpaces()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { throw error("an end tag is not closed") }
                position += 1
                depth -= 1
                return .end
            }
            position += 1
            let name = try readName()
            nameRange = name
            if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
            while true {
                skipSpaces()
                guard position < bytes.count else { throw error("the document ends inside a start tag") }
                let byte = bytes[position]
                if byte == UInt8(ascii: ">") {
                    position += 1
                    depth += 1
                    guard depth <= Self.maxDepth else { throw error("elements are nested too deeply") }
                    nameRange = name
                    return .start(selfClosing: false)
                }
                if byte == UInt8(ascii: "/") {
                    guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else { throw error("a start tag is malformed") }
                    position += 2
                    nameRange = name
                    return .start(selfClosing: true)
                }
                let attribute = try readName()
                skipSpaces()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw error("an attribute has no value") }
                position += 1
                skipSpaces()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw error("an attribute value is not quoted")
                }
                let quote = bytes[position]
                position += 1
                let start = position
                position = find(quote, from: position, to: bytes.count)
                guard position < bytes.count else { throw error("an attribute value is not closed") }
                attributes.append((attribute, start..<position))
                position += 1
            }
        }
        return nil
    }

    /// The last text, entities decoded, whitespace trimmed.
    func text() -> String {
        if let cdataText { return cdataText.trimmingCharacters(in: .whitespacesAndNewlines) }
        var start = textRange.lowerBound, end = textRange.upperBound
        while start < end, bytes[start] <= 0x20 { start += 1 }
        while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
        if !textHasEntities { return String(decoding: bytes[start..<end], as: UTF8.self) }
        let slice = bytes[textRange]
        let raw = textHasEntities ? XMLScanner.decodeEntities(slice) : String(decoding: slice, as: UTF8.self)
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The last text as a number, without building a string in the common case.
    func number() -> Double? {
        if cdataText != nil || textHasEntities { return Double(text()) }
        return FastNumber.parse(bytes, textRange)
    }

    /// The last text as a date (ISO 8601), in seconds since 1970.
    func date() -> Double? {
        if cdataText != nil || textHasEntities { return FastDate.parse(Array(text().utf8), 0..<text().utf8.count) }
        return FastDate.parse(bytes, textRange)
    }

    func attribute(_ name: StaticString) -> String? {
        guard let range = attributes.first(where: { equals($0.name, name) })?.value else { return nil }
        return XMLScanner.decodeEntities(bytes[range])
    }

    /// An attribute as a number, read straight from the bytes.
    func attributeNumber(_ name: StaticString) -> Double? {
        guard let range = attributes.first(where: { equals($0.name, name) })?.value else { return nil }
        return FastNumber.parse(bytes, range) ?? Double(XMLScanner.decodeEntities(bytes[range]).trimmingCharacters(in: .whitespaces))
    }

    /// The local name of the last tag as a string (for messages and the less hot paths).
    var name: String {
        String(decoding: bytes[nameRange], as: UTF8.self)
    }

    /// Whether the last tag's local name is `literal`, comparing bytes.
    func nameIs(_ literal: StaticString) -> Bool {
        equals(nameRange, literal)
    }

    /// Whether two tag names (byte ranges of this document) are the same.
    func sameName(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    private func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { buffer in
            var index = range.lowerBound
            for byte in buffer {
                if bytes[index] != byte { return false }
                index += 1
            }
            return true
        }
    }

    // MARK: - Lexing

    private func error(_ message: String) -> FileDecodeError {
        FileDecodeError(.corrupt, "malformed XML: \(message)", offset: position)
    }

    /// The index of the first `byte` in `start..<end`, or `end` (memchr: many bytes at a time).
    @inline(__always)
    private func find(_ byte: UInt8, from start: Int, to end: Int) -> Int {
        guard start < end, end <= bytes.count else { return end }
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress, let hit = memchr(base + start, Int32(byte), end - start) else { return end }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func matches(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard position + utf8.count <= bytes.count else { return false }
        for index in 0..<utf8.count where bytes[position + index] != utf8[index] { return false }
        return true
    }

    private mutating func skip(past terminator: [UInt8]) throws {
        var index = position
        while index + terminator.count <= bytes.count {
            var found = true
            for offset in 0..<terminator.count where bytes[index + offset] != terminator[offset] {
                found = false
                break
            }
            if found {
                position = index + terminator.count
                return
            }
            index += 1
        }
        throw error("a comment, CDATA section or declaration is not closed")
    }

    /// Skips `<!DOCTYPE ...>` including an internal subset in brackets.
    private mutating func skipDeclaration() throws {
        var brackets = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "[") { brackets += 1 }
            if byte == UInt8(ascii: "]") { brackets -= 1 }
            if byte == UInt8(ascii: ">") && brackets <= 0 { return }
        }
        throw error("a declaration is not closed")
    }

    private mutating func skipSpaces() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    /// Reads a name and returns the byte range of its local part (after any namespace prefix).
    private mutating func readName() throws -> Range<Int> {
        let start = position
        var localStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") { break }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                throw error("a name contains an invalid character")
            }
            if byte == UInt8(ascii: ":") { localStart = position + 1 }
            position += 1
        }
        guard position > start, localStart < position else { throw error("a tag or attribute has no name") }
        return localStart..<position
    }

    static func decodeEntities(_ slice: ArraySlice<UInt8>) -> String {
        let text = String(decoding: slice, as: UTF8.self)
        guard slice.contains(UInt8(ascii: "&")) else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst(1)).flatMap(Unicode.Scalar.init) }
                if let scalar { result.unicodeScalars.append(scalar) } else { result += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }
}

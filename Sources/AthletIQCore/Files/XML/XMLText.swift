import Foundation

/// Brings an XML document to UTF-8 bytes: UTF-16 by its byte-order mark, and the encodings a
/// declaration may name (Latin-1, Windows-1252, ASCII).
enum XMLText {
    static func utf8Bytes(_ data: Data) throws -> [UInt8] {
        let bytes = [UInt8](data)
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw FileDecodeError(.corrupt, "the UTF-16 text cannot be read", offset: 0)
            }
            return Array(text.utf8)
        }
        // Only an XML declaration naming another encoding needs transcoding: look at its bytes.
        guard bytes.count > 5, bytes.starts(with: Array("<?xml".utf8)) || (bytes.count > 8 && Array(bytes[3..<8]) == Array("<?xml".utf8)) else {
            return bytes
        }
        guard let encoding = declaredEncoding(bytes), encoding != "utf-8", encoding != "utf8" else { return bytes }
        let head = String(decoding: bytes.prefix(256), as: UTF8.self).lowercased()
        if let range = head.range(of: "encoding=") {
            let rest = head[range.upperBound...].dropFirst()
            let name = rest.prefix { $0 != "\"" && $0 != "'" }
            switch name {
            case "iso-8859-1", "latin1", "iso8859-1", "iso-8859-15":
                return Array((String(data: data, encoding: .isoLatin1) ?? "").utf8)
            case "windows-1252", "cp1252":
                return Array((String(data: data, encoding: .windowsCP1252) ?? "").utf8)
            default:
                break
            }
        }
        return bytes
    }

    /// The `encoding="…"` of the XML declaration, lower-cased, read from the bytes.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let needle = Array("encoding=".utf8)
        let limit = min(bytes.count, 200)
        guard limit > needle.count else { return nil }
        var index = 0
        while index + needle.count < limit {
            if bytes[index] == UInt8(ascii: "?") && index + 1 < limit && bytes[index + 1] == UInt8(ascii: ">") { return nil }
            if bytes[index] == needle[0], Array(bytes[index..<(index + needle.count)]) == needle {
                var cursor = index + needle.count + 1
                var name: [UInt8] = []
                while cursor < limit, bytes[cursor] != UInt8(ascii: "\""), bytes[cursor] != UInt8(ascii: "'"), name.count < 40 {
                    name.append(bytes[cursor] | (bytes[cursor] >= 0x41 && bytes[cursor] <= 0x5A ? 0x20 : 0))
                    cursor += 1
                }
                return String(decoding: name, as: UTF8.self)
            }
            index += 1
        }
        return nil
    }
}

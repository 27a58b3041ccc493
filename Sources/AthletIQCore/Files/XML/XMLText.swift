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
}

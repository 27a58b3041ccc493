/// Reads one field value out of the file bytes, applying the base type's invalid marker. All
/// reads are range-checked by the caller (the message was bounds-checked as a whole).
struct FITFieldReader {
    let bytes: [UInt8]

    /// The first element of a numeric field, nil when invalid or unreadable.
    @inline(__always)
    func number(at offset: Int, size: Int, type: UInt8, littleEndian: Bool) -> Double? {
        let elementSize = FITBaseType.elementSize(type)
        guard size >= elementSize, size % elementSize == 0, offset >= 0, offset + elementSize <= bytes.count else { return nil }
        if FITBaseType.isFloat(type) {
            let raw = unsigned(at: offset, size: elementSize, littleEndian: littleEndian)
            if elementSize == 4 {
                if raw == 0xFFFF_FFFF { return nil }
                let value = Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
                return value.isFinite ? value : nil
            }
            if raw == UInt64.max { return nil }
            let value = Double(bitPattern: raw)
            return value.isFinite ? value : nil
        }
        let raw = unsigned(at: offset, size: elementSize, littleEndian: littleEndian)
        if FITBaseType.zeroIsInvalid(type) { return raw == 0 ? nil : Double(raw) }
        if FITBaseType.isSigned(type) {
            let bits = elementSize * 8
            let invalid: UInt64 = (1 << (bits - 1)) - 1
            if raw == invalid { return nil }
            let shift = 64 - bits
            return Double(Int64(bitPattern: raw << UInt64(shift)) >> Int64(shift))
        }
        let invalid: UInt64 = elementSize == 8 ? UInt64.max : (1 << UInt64(elementSize * 8)) - 1
        return raw == invalid ? nil : Double(raw)
    }

    @inline(__always)
    func unsigned(at offset: Int, size: Int, littleEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        if littleEndian {
            var index = size - 1
            while index >= 0 {
                value = (value << 8) | UInt64(bytes[offset + index])
                index -= 1
            }
        } else {
            for index in 0..<size { value = (value << 8) | UInt64(bytes[offset + index]) }
        }
        return value
    }

    /// A string field (UTF-8, up to the first NUL).
    func string(at offset: Int, size: Int) -> String? {
        guard offset >= 0, size > 0, offset + size <= bytes.count else { return nil }
        var end = offset
        while end < offset + size && bytes[end] != 0 { end += 1 }
        guard end > offset else { return nil }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
}

/// How the data messages of one local message type are laid out.
struct FITDefinition {
    struct Field {
        var number: UInt8
        var size: Int
        var baseType: UInt8
    }

    var globalNumber: UInt16
    var littleEndian: Bool
    var fields: [Field]
    /// Total size of the developer fields, which we skip.
    var developerSize: Int
    /// Size of one data message's payload.
    var size: Int
}

/// FIT base types: size of one element and the "invalid" value.
enum FITBaseType {
    static func elementSize(_ type: UInt8) -> Int {
        switch type & 0x1F {
        case 0x00, 0x01, 0x02, 0x07, 0x0A, 0x0D: return 1
        case 0x03, 0x04, 0x0B: return 2
        case 0x05, 0x06, 0x08, 0x0C: return 4
        case 0x09, 0x0E, 0x0F, 0x10: return 8
        default: return 1
        }
    }

    static func isSigned(_ type: UInt8) -> Bool {
        switch type & 0x1F {
        case 0x01, 0x03, 0x05, 0x0E: return true
        default: return false
        }
    }

    static func isFloat(_ type: UInt8) -> Bool {
        let base = type & 0x1F
        return base == 0x08 || base == 0x09
    }

    /// Types whose invalid value is zero (the "z" types).
    static func zeroIsInvalid(_ type: UInt8) -> Bool {
        switch type & 0x1F {
        case 0x0A, 0x0B, 0x0C, 0x10: return true
        default: return false
        }
    }
}

/// The FIT checksum (CRC-16, table-driven over nibbles, as in the FIT SDK).
enum FITCRC {
    private static let table: [UInt16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ]

    static func update(_ crc: UInt16, _ byte: UInt8) -> UInt16 {
        var crc = crc
        var tmp = table[Int(crc & 0xF)]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ table[Int(byte & 0xF)]
        tmp = table[Int(crc & 0xF)]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ table[Int((byte >> 4) & 0xF)]
        return crc
    }

    static func compute(_ bytes: [UInt8], from start: Int, to end: Int) -> UInt16 {
        var crc: UInt16 = 0
        var index = max(0, start)
        let stop = min(end, bytes.count)
        while index < stop {
            crc = update(crc, bytes[index])
            index += 1
        }
        return crc
    }
}

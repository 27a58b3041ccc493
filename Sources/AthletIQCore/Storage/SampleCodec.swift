import Foundation

/// The stored form of an activity's samples: columnar, quantized, delta- and varint-encoded, then
/// deflated. About 20 times smaller than the same samples as JSON.
///
/// Layout (version 1): `version:u8, count:varint, channels:u16 mask` (bit i = `Channel.allCases[i]`;
/// channels are only ever appended, so older rows stay readable), then per channel in
/// `Channel.allCases` order: a presence bitmap (omitted when every sample has a value) and the
/// zigzag varint deltas of the present values, quantized by the channel's resolution. The whole
/// body after the version byte is raw-deflated.
public enum SampleCodec {
    public static let version: UInt8 = 1

    /// The resolution each channel is stored at.
    static func scale(_ channel: SampleSeries.Channel) -> Double {
        switch channel {
        case .time: return 1000          // milliseconds
        case .latitude, .longitude: return 10_000_000 // 1e-7 degree (about 1 cm)
        case .altitude, .distance: return 100   // centimetres
        case .speed: return 1000         // mm/s
        case .heartRate, .power: return 1
        case .cadence, .temperature, .grade: return 10
        case .moving: return 1
        }
    }

    public static func encode(_ series: SampleSeries) throws -> Data {
        var body = [UInt8]()
        body.reserveCapacity(series.count * 12)
        writeVarint(UInt64(series.count), to: &body)
        var mask: UInt16 = 0
        for (index, channel) in SampleSeries.Channel.allCases.enumerated() where series.has(channel) { mask |= 1 << UInt16(index) }
        body.append(UInt8(mask & 0xFF))
        body.append(UInt8(mask >> 8))
        for channel in SampleSeries.Channel.allCases {
            guard let values = series[channel] else { continue }
            let present = values.map { !$0.isNaN && $0.isFinite }
            let complete = present.allSatisfy { $0 }
            body.append(complete ? 1 : 0)
            if !complete {
                var byte: UInt8 = 0
                for (index, flag) in present.enumerated() {
                    if flag { byte |= 1 << UInt8(index % 8) }
                    if index % 8 == 7 { body.append(byte); byte = 0 }
                }
                if present.count % 8 != 0 { body.append(byte) }
            }
            let scale = scale(channel)
            var previous: Int64 = 0
            for (index, value) in values.enumerated() where present[index] {
                let quantized = quantize(value * scale)
                writeVarint(zigzag(quantized &- previous), to: &body)
                previous = quantized
            }
        }
        let compressed = try Deflate.compress(Data(body))
        return Data([version]) + compressed
    }

    public static func decode(_ data: Data, maxSamples: Int = 5_000_000) throws -> SampleSeries {
        guard let first = data.first else { throw FileDecodeError(.empty, "no stored samples") }
        guard first == version else { throw FileDecodeError(.unsupported, "stored samples of version \(first)") }
        let body = [UInt8](try Inflate.decompress(data.dropFirst(), format: .rawDeflate, limit: 1 << 30))
        var offset = 0
        let rawCount = try readVarint(body, &offset)
        guard rawCount <= UInt64(max(0, maxSamples)) else { throw FileDecodeError(.tooLarge, "too many stored samples") }
        let count = Int(rawCount)
        guard offset + 2 <= body.count else { throw FileDecodeError(.truncated, "stored samples are truncated") }
        let mask = UInt16(body[offset]) | UInt16(body[offset + 1]) << 8
        offset += 2
        var columns: [SampleSeries.Channel: [Double]] = [:]
        for (index, channel) in SampleSeries.Channel.allCases.enumerated() where mask & (1 << UInt16(index)) != 0 {
            guard offset < body.count else { throw FileDecodeError(.truncated, "stored samples are truncated") }
            let complete = body[offset] == 1
            offset += 1
            var present = [Bool](repeating: true, count: count)
            if !complete {
                let bytes = (count + 7) / 8
                guard offset + bytes <= body.count else { throw FileDecodeError(.truncated, "stored samples are truncated") }
                for sample in 0..<count { present[sample] = body[offset + sample / 8] & (1 << UInt8(sample % 8)) != 0 }
                offset += bytes
            }
            let scale = scale(channel)
            var values = [Double](repeating: .nan, count: count)
            var previous: Int64 = 0
            for sample in 0..<count where present[sample] {
                previous = previous &+ unzigzag(try readVarint(body, &offset))
                values[sample] = Double(previous) / scale
            }
            columns[channel] = values
        }
        return SampleSeries(count: count, columns: columns)
    }

    private static func quantize(_ value: Double) -> Int64 {
        guard value.isFinite else { return 0 }
        let rounded = value.rounded()
        if rounded >= 9.0e18 { return Int64.max / 2 }
        if rounded <= -9.0e18 { return Int64.min / 2 }
        return Int64(rounded)
    }

    @inline(__always) static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always) static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    static func writeVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func readVarint(_ bytes: [UInt8], _ offset: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw FileDecodeError(.corrupt, "a stored number is too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw FileDecodeError(.truncated, "stored samples are truncated")
    }
}

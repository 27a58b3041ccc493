import Foundation

/// Writes an activity as a FIT file (file_id, records, laps, one session, activity), the way a
/// watch would. Used to export activities and to build realistic test data.
public struct FITEncoder {
    public init() {}

    public func encode(_ activity: DecodedActivity) -> Data {
        var writer = FITWriter()
        let samples = activity.samples
        let start = activity.startTime ?? samples.value(.time, at: 0).map { Date(timeIntervalSince1970: $0) } ?? Date()
        let summary = activity.summary
        let (sport, subSport) = Self.fitSport(activity.sport)

        // file_id: type, manufacturer, product, serial, time_created
        writer.define(local: 0, global: 0, fields: [(0, 1, 0x00), (1, 2, 0x84), (2, 2, 0x84), (3, 4, 0x8C), (4, 4, 0x86)])
        writer.data(local: 0) { $0.u8(4); $0.u16(255); $0.u16(1); $0.u32(12345); $0.u32(Self.fitTime(start)) }

        // record: timestamp, lat, lon, altitude, heart rate, cadence, distance, speed, power
        writer.define(local: 1, global: 20, fields: [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (2, 2, 0x84), (3, 1, 0x02),
                                                     (4, 1, 0x02), (5, 4, 0x86), (6, 2, 0x84), (7, 2, 0x84)])
        for index in 0..<samples.count {
            let time = samples.value(.time, at: index) ?? start.timeIntervalSince1970 + Double(index)
            writer.data(local: 1) { out in
                out.u32(Self.fitTime(Date(timeIntervalSince1970: time)))
                out.s32(samples.value(.latitude, at: index).map { Int32(clamping: Int64(($0 * 2_147_483_648.0 / 180).rounded())) } ?? Int32.max)
                out.s32(samples.value(.longitude, at: index).map { Int32(clamping: Int64(($0 * 2_147_483_648.0 / 180).rounded())) } ?? Int32.max)
                out.u16(samples.value(.altitude, at: index).map { UInt16(clamping: Int64((($0 + 500) * 5).rounded())) } ?? 0xFFFF)
                out.u8(samples.value(.heartRate, at: index).map { UInt8(clamping: Int64($0.rounded())) } ?? 0xFF)
                out.u8(samples.value(.cadence, at: index).map { UInt8(clamping: Int64($0.rounded(.down))) } ?? 0xFF)
                out.u32(samples.value(.distance, at: index).map { UInt32(clamping: Int64(($0 * 100).rounded())) } ?? 0xFFFF_FFFF)
                out.u16(samples.value(.speed, at: index).map { UInt16(clamping: Int64(($0 * 1000).rounded())) } ?? 0xFFFF)
                out.u16(samples.value(.power, at: index).map { UInt16(clamping: Int64($0.rounded())) } ?? 0xFFFF)
            }
        }

        // lap and session: timestamp, start_time, elapsed, timer, distance, then sport fields.
        let end = summary.endTime ?? start.addingTimeInterval(summary.elapsedTime ?? 0)
        writer.define(local: 2, global: 19, fields: [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (8, 4, 0x86), (9, 4, 0x86), (25, 1, 0x00)])
        let laps = activity.laps.isEmpty ? [summary] : activity.laps
        for lap in laps {
            writer.data(local: 2) { out in
                let lapStart = lap.startTime ?? start
                out.u32(Self.fitTime(lap.endTime ?? lapStart.addingTimeInterval(lap.elapsedTime ?? 0)))
                out.u32(Self.fitTime(lapStart))
                out.u32(Self.scaled(lap.elapsedTime, 1000))
                out.u32(Self.scaled(lap.timerTime, 1000))
                out.u32(Self.scaled(lap.distance, 100))
                out.u8(sport)
            }
        }
        writer.define(local: 3, global: 18, fields: [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (8, 4, 0x86), (9, 4, 0x86),
                                                     (5, 1, 0x00), (6, 1, 0x00), (16, 1, 0x02), (17, 1, 0x02), (22, 2, 0x84),
                                                     (23, 2, 0x84), (26, 2, 0x84)])
        writer.data(local: 3) { out in
            out.u32(Self.fitTime(end))
            out.u32(Self.fitTime(start))
            out.u32(Self.scaled(summary.elapsedTime, 1000))
            out.u32(Self.scaled(summary.timerTime, 1000))
            out.u32(Self.scaled(summary.distance, 100))
            out.u8(sport)
            out.u8(subSport)
            out.u8(summary.averageHeartRate.map { UInt8(clamping: Int64($0.rounded())) } ?? 0xFF)
            out.u8(summary.maxHeartRate.map { UInt8(clamping: Int64($0.rounded())) } ?? 0xFF)
            out.u16(summary.ascent.map { UInt16(clamping: Int64($0.rounded())) } ?? 0xFFFF)
            out.u16(summary.descent.map { UInt16(clamping: Int64($0.rounded())) } ?? 0xFFFF)
            out.u16(UInt16(clamping: laps.count))
        }
        writer.define(local: 4, global: 34, fields: [(253, 4, 0x86), (0, 4, 0x86), (1, 2, 0x84)])
        writer.data(local: 4) { $0.u32(Self.fitTime(end)); $0.u32(Self.scaled(summary.timerTime, 1000)); $0.u16(1) }
        return writer.finish()
    }

    static func fitTime(_ date: Date) -> UInt32 {
        let value = date.timeIntervalSince1970 - FITDecoder.epochOffset
        guard value.isFinite, value > 0, value < 4_294_967_295 else { return 0 }
        return UInt32(value)
    }

    static func scaled(_ value: Double?, _ scale: Double) -> UInt32 {
        guard let value, value.isFinite, value >= 0 else { return 0xFFFF_FFFF }
        return UInt32(clamping: Int64((value * scale).rounded()))
    }

    static func fitSport(_ sport: Sport) -> (UInt8, UInt8) {
        switch sport {
        case .run: return (1, 0)
        case .trailRun: return (1, 3)
        case .virtualRun: return (1, 1)
        case .ride: return (2, 0)
        case .mountainBikeRide: return (2, 8)
        case .gravelRide: return (2, 46)
        case .virtualRide: return (2, 6)
        case .eBikeRide: return (21, 0)
        case .swim: return (5, 0)
        case .walk: return (11, 0)
        case .hike: return (17, 0)
        case .row: return (15, 0)
        case .nordicSki: return (12, 0)
        case .alpineSki, .backcountrySki: return (13, 0)
        default: return (0, 0)
        }
    }
}

/// Little-endian FIT message writer.
struct FITWriter {
    private var body: [UInt8] = []

    struct Out {
        var bytes: [UInt8] = []
        mutating func u8(_ value: UInt8) { bytes.append(value) }
        mutating func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
        mutating func s32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    }

    mutating func define(local: UInt8, global: UInt16, fields: [(UInt8, UInt8, UInt8)]) {
        body += [0x40 | local, 0, 0, UInt8(global & 0xFF), UInt8(global >> 8), UInt8(fields.count)]
        for (number, size, type) in fields { body += [number, size, type] }
    }

    mutating func data(local: UInt8, _ fill: (inout Out) -> Void) {
        var out = Out()
        fill(&out)
        body.append(local)
        body += out.bytes
    }

    func finish() -> Data {
        let size = UInt32(body.count)
        var header: [UInt8] = [14, 0x20, 0x08, 0x08]
        for shift in stride(from: 0, to: 32, by: 8) { header.append(UInt8((size >> UInt32(shift)) & 0xFF)) }
        header += Array(".FIT".utf8)
        let headerCRC = FITCRC.compute(header, from: 0, to: 12)
        header += [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8)]
        var file = header + body
        let crc = FITCRC.compute(file, from: 0, to: file.count)
        file += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        return Data(file)
    }
}

import Foundation

/// Heart rate that a chest strap kept in its own memory (under water it cannot transmit) and the
/// watch wrote afterwards as FIT `hr` messages (global 132) instead of in the records. The FIT SDK
/// merges them into the records when it reads the file; so do we, so that pool and open-water
/// swims get their heart rate.
///
/// An `hr` message carries heart rates (`filtered_bpm`) with the strap's own clock
/// (`event_timestamp`, in 1/1024 s, 32 bits in full or the low 12 bits of each, packed in
/// `event_timestamp_12`). A message that also has a `timestamp` anchors the strap's clock to
/// the watch's.
struct FITHeartRateMessages {
    /// Unix times and beats per minute, in the order the strap stored them.
    private(set) var times: [Double] = []
    private(set) var beats: [Double] = []
    private var anchor: (time: Double, event: UInt32)?
    private var lastEvent: UInt32?

    var isEmpty: Bool { times.isEmpty }

    /// A day and a half at 8 values a second: more is no strap's memory but a hostile file.
    static let maxValues = 1_000_000
    /// The values spread over 250 ms steps stay within this many (64 MB), whatever the gaps.
    static let maxSteps = 4_000_000

    /// One `hr` message: its anchor (Unix time with the fractional part), its strap clock values
    /// (1/1024 s: full values, or 12-bit ones to be unrolled against the previous value) and bpms.
    mutating func add(anchorTime: Double?, fullEvents: [UInt32], packedEvents: [UInt16], bpms: [Double]) {
        var events: [UInt32] = []
        for event in fullEvents {
            events.append(event)
            lastEvent = event
        }
        for low in packedEvents {
            // The low 12 bits counted on from the previous value, rolling over.
            let previous = lastEvent ?? UInt32(low)
            let event = previous &+ ((UInt32(low) &- previous) & 0xFFF)
            events.append(event)
            lastEvent = event
        }
        if let anchorTime, let first = events.first { anchor = (anchorTime, first) }
        guard let anchor else { return }
        for (event, bpm) in zip(events, bpms) where bpm > 0 && bpm < 255 && times.count < Self.maxValues {
            // Modulo 2^32 on the strap's clock: a rollover (every 48 days) is no jump.
            let seconds = Double(event &- anchor.event) / 1024
            times.append(anchor.time + seconds)
            beats.append(bpm)
        }
    }

    /// The records' heart rate where they have none, as the FIT SDK merges it: the strap's values
    /// are spread over 250 ms steps (a value carried across a gap for up to 5 s), and a record
    /// takes the mean of those since the previous record, rounded half up. Values the device
    /// recorded itself are kept. (Unlike the SDK, the last record the strap reaches gets its value
    /// too, not only those followed by a later strap value.)
    func merged(into samples: SampleSeries) -> SampleSeries {
        guard !times.isEmpty, let recordTimes = samples[.time] else { return samples }
        let steps = spreadOverSteps()
        var heartRates = samples[.heartRate] ?? [Double](repeating: .nan, count: samples.count)
        var next = 0
        var rangeStart: Double?
        var filled = 0
        for index in recordTimes.indices {
            let end = recordTimes[index]
            guard !end.isNaN else { continue }
            var start = rangeStart ?? end
            if start == end {
                // The first record, or two in the same second: the second before it.
                start = end - 1
                next = max(0, next - 1)
            }
            var sum = 0.0, count = 0.0
            while next < steps.count, steps[next].time <= end {
                if steps[next].time > start {
                    sum += steps[next].bpm
                    count += 1
                }
                next += 1
            }
            if count > 0, heartRates[index].isNaN {
                heartRates[index] = (sum / count + 0.5).rounded(.down)
                filled += 1
            }
            rangeStart = end
        }
        guard filled > 0 else { return samples }
        var columns = samples.columns
        columns[.heartRate] = heartRates
        return SampleSeries(count: samples.count, columns: columns)
    }

    /// The strap's values with each one repeated every 250 ms until the next (for at most 5 s).
    private func spreadOverSteps() -> [(time: Double, bpm: Double)] {
        var steps: [(time: Double, bpm: Double)] = []
        steps.reserveCapacity(times.count * 2)
        for (time, bpm) in zip(times, beats) {
            if let previous = steps.last, steps.count < Self.maxSteps {
                var gap = abs(time - previous.time) * 1000
                var step = 1.0
                while gap > 250, step <= 20 {
                    steps.append((previous.time + 0.25 * step, previous.bpm))
                    gap -= 250
                    step += 1
                }
            }
            steps.append((time, bpm))
        }
        return steps
    }
}

extension FITDecodeState {
    mutating func decodeHeartRates(_ definition: FITDefinition, at start: Int) {
        var position = start
        var timestamp: Double?, fraction = 0.0
        var fullEvents: [UInt32] = [], packedEvents: [UInt16] = [], bpms: [Double] = []
        let little = definition.littleEndian
        for field in definition.fields {
            defer { position += field.size }
            guard position + field.size <= bytes.count else { continue }
            switch field.number {
            case 253:
                if let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: little) {
                    lastTimestamp = SafeNumber.uint32(value)
                    timestamp = date(SafeNumber.uint32(value))
                }
            case 0:
                if let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: little) {
                    fraction = value / 32768
                }
            case 6:
                for offset in 0..<field.size { bpms.append(Double(bytes[position + offset])) }
            case 9 where field.size >= 4:
                for element in 0..<(field.size / 4) {
                    fullEvents.append(UInt32(truncatingIfNeeded: reader.unsigned(at: position + element * 4, size: 4, littleEndian: little)))
                }
            case 10:
                // Two 12-bit values in every three bytes, least significant first.
                var element = 0
                while (element + 1) * 12 <= field.size * 8 {
                    let bit = element * 12
                    let byte = position + bit / 8
                    let pair = UInt16(bytes[byte]) | (byte + 1 < position + field.size ? UInt16(bytes[byte + 1]) << 8 : 0)
                    packedEvents.append(bit % 8 == 0 ? pair & 0xFFF : pair >> 4)
                    element += 1
                }
            default: break
            }
        }
        heartRateMessages.add(anchorTime: timestamp.map { $0 + fraction }, fullEvents: fullEvents, packedEvents: packedEvents, bpms: bpms)
    }
}

/// Collects samples row by row into columns, cheaply: the decoders' hot path.
public struct SampleSeriesBuilder: Sendable {
    private var time: [Double] = []
    private var latitude: [Double] = []
    private var longitude: [Double] = []
    private var altitude: [Double] = []
    private var distance: [Double] = []
    private var speed: [Double] = []
    private var heartRate: [Double] = []
    private var cadence: [Double] = []
    private var power: [Double] = []
    private var temperature: [Double] = []
    /// Which channels have at least one value.
    private var presentMask: UInt16 = 0
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        if capacity > 0 {
            for index in 0..<10 { reserve(index, capacity) }
        }
    }

    private mutating func reserve(_ index: Int, _ capacity: Int) {
        switch index {
        case 0: time.reserveCapacity(capacity)
        case 1: latitude.reserveCapacity(capacity)
        case 2: longitude.reserveCapacity(capacity)
        case 3: altitude.reserveCapacity(capacity)
        case 4: distance.reserveCapacity(capacity)
        case 5: speed.reserveCapacity(capacity)
        case 6: heartRate.reserveCapacity(capacity)
        case 7: cadence.reserveCapacity(capacity)
        case 8: power.reserveCapacity(capacity)
        default: temperature.reserveCapacity(capacity)
        }
    }

    public mutating func append(_ row: SampleRow) {
        time.append(row.time)
        latitude.append(row.latitude)
        longitude.append(row.longitude)
        altitude.append(row.altitude)
        distance.append(row.distance)
        speed.append(row.speed)
        heartRate.append(row.heartRate)
        cadence.append(row.cadence)
        power.append(row.power)
        temperature.append(row.temperature)
        var mask: UInt16 = 0
        if !row.time.isNaN { mask |= 1 }
        if !row.latitude.isNaN { mask |= 2 }
        if !row.longitude.isNaN { mask |= 4 }
        if !row.altitude.isNaN { mask |= 8 }
        if !row.distance.isNaN { mask |= 16 }
        if !row.speed.isNaN { mask |= 32 }
        if !row.heartRate.isNaN { mask |= 64 }
        if !row.cadence.isNaN { mask |= 128 }
        if !row.power.isNaN { mask |= 256 }
        if !row.temperature.isNaN { mask |= 512 }
        presentMask |= mask
        count += 1
    }

    /// The value of the last row on a channel (NaN when absent or no rows).
    public func last(_ channel: SampleSeries.Channel) -> Double {
        switch channel {
        case .time: return time.last ?? .nan
        case .distance: return distance.last ?? .nan
        case .altitude: return altitude.last ?? .nan
        default: return .nan
        }
    }

    public func build() -> SampleSeries {
        var columns: [SampleSeries.Channel: [Double]] = [:]
        let all: [(SampleSeries.Channel, [Double], UInt16)] = [
            (.time, time, 1), (.latitude, latitude, 2), (.longitude, longitude, 4), (.altitude, altitude, 8),
            (.distance, distance, 16), (.speed, speed, 32), (.heartRate, heartRate, 64), (.cadence, cadence, 128),
            (.power, power, 256), (.temperature, temperature, 512),
        ]
        for (channel, values, bit) in all where presentMask & bit != 0 {
            columns[channel] = values
        }
        // Latitude without longitude (or the reverse) is not a position.
        if (columns[.latitude] == nil) != (columns[.longitude] == nil) {
            columns[.latitude] = nil
            columns[.longitude] = nil
        }
        return SampleSeries(count: count, columns: columns)
    }
}

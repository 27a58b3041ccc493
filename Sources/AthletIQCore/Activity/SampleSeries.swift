import Foundation

/// The samples of an activity, stored by column: one array per channel, all of the same length,
/// with NaN where a sample lacks that channel. A channel no sample has is nil.
public struct SampleSeries: Sendable, Equatable {
    public enum Channel: String, CaseIterable, Sendable, Codable {
        /// Seconds since 1970 (UTC).
        case time
        /// Degrees.
        case latitude, longitude
        /// Metres.
        case altitude, distance
        /// Metres per second.
        case speed
        /// Beats per minute.
        case heartRate = "heart_rate"
        /// Revolutions or steps per minute, as the device reports it.
        case cadence
        /// Watts.
        case power
        /// Degrees Celsius.
        case temperature
        /// 1 while moving, 0 when stopped, as the source judged it (Strava's `moving` stream).
        case moving
        /// Percent, as the source smoothed it (Strava's `grade_smooth` stream).
        case grade
    }

    public private(set) var count: Int = 0
    public private(set) var columns: [Channel: [Double]] = [:]

    public init() {}

    public init(count: Int, columns: [Channel: [Double]]) {
        self.count = count
        self.columns = columns.filter { $0.value.count == count }
    }

    public subscript(channel: Channel) -> [Double]? {
        columns[channel]
    }

    public func has(_ channel: Channel) -> Bool {
        columns[channel] != nil
    }

    /// How many samples carry a value on this channel.
    public func valueCount(_ channel: Channel) -> Int {
        columns[channel]?.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } ?? 0
    }

    /// The value of a channel at a sample, nil when absent.
    public func value(_ channel: Channel, at index: Int) -> Double? {
        guard index >= 0, index < count, let value = columns[channel]?[index], !value.isNaN else { return nil }
        return value
    }

    /// Appends one sample; absent channels are NaN.
    public mutating func append(_ values: [Channel: Double]) {
        for (channel, value) in values where columns[channel] == nil {
            columns[channel] = [Double](repeating: .nan, count: count)
        }
        for channel in columns.keys {
            columns[channel]?.append(values[channel] ?? .nan)
        }
        count += 1
    }

    /// Appends one sample given as a fixed row (the decoders' fast path).
    public mutating func append(_ row: SampleRow) {
        for channel in Channel.allCases {
            let value = row[channel]
            if columns[channel] == nil {
                if value.isNaN { continue }
                columns[channel] = [Double](repeating: .nan, count: count)
            }
            columns[channel]?.append(value)
        }
        count += 1
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        for channel in columns.keys { columns[channel]?.reserveCapacity(capacity) }
    }

    /// Keeps every `step`-th sample, or about `points` samples, for charts.
    public func downsampled(to points: Int) -> SampleSeries {
        guard points > 0, count > points else { return self }
        let stride = Double(count - 1) / Double(max(1, points - 1))
        let indices = (0..<points).map { min(count - 1, Int((Double($0) * stride).rounded())) }
        var result = SampleSeries()
        result.count = indices.count
        for (channel, values) in columns { result.columns[channel] = indices.map { values[$0] } }
        return result
    }
}

/// One sample with every channel, NaN when absent.
public struct SampleRow: Sendable {
    public var time = Double.nan
    public var latitude = Double.nan
    public var longitude = Double.nan
    public var altitude = Double.nan
    public var distance = Double.nan
    public var speed = Double.nan
    public var heartRate = Double.nan
    public var cadence = Double.nan
    public var power = Double.nan
    public var temperature = Double.nan
    public var moving = Double.nan
    public var grade = Double.nan

    public init() {}

    public subscript(channel: SampleSeries.Channel) -> Double {
        switch channel {
        case .time: return time
        case .latitude: return latitude
        case .longitude: return longitude
        case .altitude: return altitude
        case .distance: return distance
        case .speed: return speed
        case .heartRate: return heartRate
        case .cadence: return cadence
        case .power: return power
        case .temperature: return temperature
        case .moving: return moving
        case .grade: return grade
        }
    }
}

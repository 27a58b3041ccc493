/// Collects samples row by row into columns, cheaply: the decoders' hot path. A column is only
/// allocated once some sample has a value for it (earlier rows are filled with NaN then), so
/// channels a file never records cost nothing.
public struct SampleSeriesBuilder: Sendable {
    private var columns: [[Double]?] = Array(repeating: nil, count: SampleSeries.Channel.allCases.count)
    private let capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        self.capacity = max(0, capacity)
    }

    public mutating func append(_ row: SampleRow) {
        let count = self.count, capacity = self.capacity
        // Through the buffer: a subscript of the outer array per channel costs an accessor call
        // and a uniqueness check each, most of this function's time in a profile.
        columns.withUnsafeMutableBufferPointer { columns in
            Self.append(row.time, to: &columns[0], count: count, capacity: capacity)
            Self.append(row.latitude, to: &columns[1], count: count, capacity: capacity)
            Self.append(row.longitude, to: &columns[2], count: count, capacity: capacity)
            Self.append(row.altitude, to: &columns[3], count: count, capacity: capacity)
            Self.append(row.distance, to: &columns[4], count: count, capacity: capacity)
            Self.append(row.speed, to: &columns[5], count: count, capacity: capacity)
            Self.append(row.heartRate, to: &columns[6], count: count, capacity: capacity)
            Self.append(row.cadence, to: &columns[7], count: count, capacity: capacity)
            Self.append(row.power, to: &columns[8], count: count, capacity: capacity)
            Self.append(row.temperature, to: &columns[9], count: count, capacity: capacity)
            Self.append(row.moving, to: &columns[10], count: count, capacity: capacity)
            Self.append(row.grade, to: &columns[11], count: count, capacity: capacity)
        }
        self.count += 1
    }

    @inline(__always)
    private static func append(_ value: Double, to column: inout [Double]?, count: Int, capacity: Int) {
        if column != nil {
            column?.append(value)
        } else if !value.isNaN {
            var created = [Double]()
            created.reserveCapacity(Swift.max(capacity, count + 1))
            created.append(contentsOf: repeatElement(Double.nan, count: count))
            created.append(value)
            column = created
        }
    }

    public func build() -> SampleSeries {
        var result: [SampleSeries.Channel: [Double]] = [:]
        for (index, channel) in SampleSeries.Channel.allCases.enumerated() {
            if let column = columns[index] { result[channel] = column }
        }
        // Latitude without longitude (or the reverse) is not a position.
        if (result[.latitude] == nil) != (result[.longitude] == nil) {
            result[.latitude] = nil
            result[.longitude] = nil
        }
        return SampleSeries(count: count, columns: result)
    }
}

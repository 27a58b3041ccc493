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
        append(row.time, at: 0)
        append(row.latitude, at: 1)
        append(row.longitude, at: 2)
        append(row.altitude, at: 3)
        append(row.distance, at: 4)
        append(row.speed, at: 5)
        append(row.heartRate, at: 6)
        append(row.cadence, at: 7)
        append(row.power, at: 8)
        append(row.temperature, at: 9)
        append(row.moving, at: 10)
        append(row.grade, at: 11)
        count += 1
    }

    @inline(__always)
    private mutating func append(_ value: Double, at index: Int) {
        if columns[index] != nil {
            columns[index]?.append(value)
        } else if !value.isNaN {
            var column = [Double]()
            column.reserveCapacity(Swift.max(capacity, count + 1))
            column.append(contentsOf: repeatElement(Double.nan, count: count))
            column.append(value)
            columns[index] = column
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

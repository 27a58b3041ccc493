import Foundation

/// The streams of an activity as Strava's `GET /activities/{id}/streams` returns them, keyed by
/// type (`key_by_type=true`) or as a list, turned into our samples.
public struct StravaStreams: Sendable {
    /// The stream types we ask for: everything a chart or an analysis can use.
    public static let requestedKeys = ["time", "latlng", "distance", "altitude", "velocity_smooth", "heartrate",
                                       "cadence", "watts", "temp", "moving", "grade_smooth"]
    /// Above this many points a payload is refused (Strava's streams stop far below it).
    public static let maxPoints = 500_000

    public var numbers: [String: [Double]] = [:]
    public var latlng: [(Double, Double)]?

    public init() {}

    /// Decodes either shape. Unknown stream types are ignored; a stream of the wrong shape is
    /// an error (the payload is not what Strava sends).
    public init(json: Data) throws {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw FileDecodeError(.corrupt, "the streams are not JSON")
        }
        var entries: [(String, Any)] = []
        if let keyed = root as? [String: Any] {
            for (key, value) in keyed { entries.append((key, value)) }
        } else if let list = root as? [[String: Any]] {
            for item in list { if let type = item["type"] as? String { entries.append((type, item)) } }
        } else {
            throw FileDecodeError(.corrupt, "the streams are neither an object nor a list")
        }
        for (type, value) in entries {
            guard Self.requestedKeys.contains(type) else { continue }
            guard let stream = value as? [String: Any], let data = stream["data"] as? [Any] else {
                throw FileDecodeError(.corrupt, "stream \(type) has no data array")
            }
            guard data.count <= Self.maxPoints else { throw FileDecodeError(.tooLarge, "stream \(type) has too many points") }
            if type == "latlng" {
                latlng = try data.map { item in
                    guard let pair = item as? [Any], pair.count == 2, let lat = Self.number(pair[0]), let lon = Self.number(pair[1]),
                          abs(lat) <= 90, abs(lon) <= 180 else {
                        throw FileDecodeError(.corrupt, "stream latlng has a point that is not [lat, lng]")
                    }
                    return (lat, lon)
                }
            } else {
                numbers[type] = data.map { Self.number($0) ?? .nan }
            }
        }
    }

    private static func number(_ value: Any) -> Double? {
        if let bool = value as? Bool, type(of: value) == type(of: true) { return bool ? 1 : 0 }
        if let number = value as? NSNumber { let double = number.doubleValue; return double.isFinite ? double : nil }
        return nil
    }

    /// Our samples: `time` offsets become absolute times from `start`. Without a time stream there
    /// are no samples.
    public func series(start: Date) -> SampleSeries {
        guard let offsets = numbers["time"], !offsets.isEmpty else { return SampleSeries() }
        let count = offsets.count
        let base = start.timeIntervalSince1970
        var builder = SampleSeriesBuilder(capacity: count)
        func value(_ key: String, _ index: Int) -> Double {
            guard let column = numbers[key], index < column.count else { return .nan }
            return column[index]
        }
        for index in 0..<count {
            var row = SampleRow()
            row.time = offsets[index].isNaN ? .nan : base + offsets[index]
            if let latlng, index < latlng.count {
                row.latitude = latlng[index].0
                row.longitude = latlng[index].1
            }
            row.distance = value("distance", index)
            row.altitude = value("altitude", index)
            row.speed = value("velocity_smooth", index)
            row.heartRate = value("heartrate", index)
            row.cadence = value("cadence", index)
            row.power = value("watts", index)
            row.temperature = value("temp", index)
            row.moving = value("moving", index)
            row.grade = value("grade_smooth", index)
            builder.append(row)
        }
        return builder.build()
    }
}

import Foundation

/// The summary `athletiq inspect --json` prints for a file: exactly these keys, SI units.
public struct InspectReport: Encodable, Sendable {
    public struct Has: Encodable, Sendable {
        var position, heartRate, cadence, power, altitude: Bool

        enum CodingKeys: String, CodingKey {
            case position, cadence, power, altitude
            case heartRate = "heart_rate"
        }
    }

    public struct FirstRecord: Encodable, Sendable {
        var timestamp: String?
        var lat, lon, altitudeM, heartRate, distanceM: Double?

        enum CodingKeys: String, CodingKey {
            case timestamp, lat, lon
            case altitudeM = "altitude_m"
            case heartRate = "heart_rate"
            case distanceM = "distance_m"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(lat, forKey: .lat)
            try container.encode(lon, forKey: .lon)
            try container.encode(altitudeM, forKey: .altitudeM)
            try container.encode(heartRate, forKey: .heartRate)
            try container.encode(distanceM, forKey: .distanceM)
        }
    }

    var format: String
    var sport: String
    var subSport: String?
    var startTime: String?
    var elapsedTimeS, timerTimeS, distanceM, ascentM, descentM, avgHeartRate, maxHeartRate: Double?
    var records, laps, sessions: Int
    var has: Has
    var firstRecord: FirstRecord?
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case format, sport, records, laps, sessions, has, warnings
        case subSport = "sub_sport"
        case startTime = "start_time"
        case elapsedTimeS = "elapsed_time_s"
        case timerTimeS = "timer_time_s"
        case distanceM = "distance_m"
        case ascentM = "ascent_m"
        case descentM = "descent_m"
        case avgHeartRate = "avg_heart_rate"
        case maxHeartRate = "max_heart_rate"
        case firstRecord = "first_record"
    }

    public init(_ activity: DecodedActivity, extraWarnings: [String] = []) {
        let summary = activity.summary
        let samples = activity.samples
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
        format = activity.format.rawValue
        sport = activity.sport.rawValue
        subSport = activity.subSport
        startTime = (summary.startTime ?? activity.startTime).map(Self.iso)
        elapsedTimeS = rounded(summary.elapsedTime)
        timerTimeS = rounded(summary.timerTime)
        distanceM = rounded(summary.distance)
        ascentM = rounded(summary.ascent)
        descentM = rounded(summary.descent)
        avgHeartRate = rounded(summary.averageHeartRate)
        maxHeartRate = rounded(summary.maxHeartRate)
        records = samples.count
        laps = activity.laps.count
        sessions = activity.sessions.count
        has = Has(position: samples.has(.latitude), heartRate: samples.has(.heartRate), cadence: samples.has(.cadence),
                  power: samples.has(.power), altitude: samples.has(.altitude))
        if samples.count > 0 {
            firstRecord = FirstRecord(
                timestamp: samples.value(.time, at: 0).map { Self.iso(Date(timeIntervalSince1970: $0)) },
                lat: samples.value(.latitude, at: 0).map { ($0 * 1_000_000).rounded() / 1_000_000 },
                lon: samples.value(.longitude, at: 0).map { ($0 * 1_000_000).rounded() / 1_000_000 },
                altitudeM: rounded(samples.value(.altitude, at: 0)),
                heartRate: samples.value(.heartRate, at: 0),
                distanceM: rounded(samples.value(.distance, at: 0)))
        }
        warnings = activity.warnings.map(\.description) + extraWarnings
    }

    public func encode(to encoder: any Encoder) throws {
        // Absent values are written as null: the keys are always all there.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(sport, forKey: .sport)
        try container.encode(subSport, forKey: .subSport)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(elapsedTimeS, forKey: .elapsedTimeS)
        try container.encode(timerTimeS, forKey: .timerTimeS)
        try container.encode(distanceM, forKey: .distanceM)
        try container.encode(ascentM, forKey: .ascentM)
        try container.encode(descentM, forKey: .descentM)
        try container.encode(avgHeartRate, forKey: .avgHeartRate)
        try container.encode(maxHeartRate, forKey: .maxHeartRate)
        try container.encode(records, forKey: .records)
        try container.encode(laps, forKey: .laps)
        try container.encode(sessions, forKey: .sessions)
        try container.encode(has, forKey: .has)
        try container.encode(firstRecord, forKey: .firstRecord)
        try container.encode(warnings, forKey: .warnings)
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The error object printed for a file that cannot be decoded.
    public struct Failure: Encodable, Sendable {
        public struct Detail: Encodable, Sendable {
            var code: String
            var message: String
            var offset: Int?

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(offset, forKey: .offset)
            }

            enum CodingKeys: String, CodingKey { case code, message, offset }
        }

        var error: Detail

        public init(_ error: FileDecodeError) {
            self.error = Detail(code: error.code.rawValue, message: error.message, offset: error.offset)
        }
    }
}

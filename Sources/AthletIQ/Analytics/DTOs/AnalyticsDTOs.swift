import AthletIQCore
import Foundation
import Vapor

struct FitnessDayDTO: Content, APISchema {
    var date: String
    var load: Double
    var fitness: Double
    var fatigue: Double
    var form: Double
    var rampRate: Double

    static var schema: Schema {
        .object([.init("date", .string(format: "date")), .init("load", .number), .init("fitness", .number),
                 .init("fatigue", .number), .init("form", .number), .init("ramp_rate", .number)])
    }
}

struct FitnessResponse: Content, APISchema {
    var metric: String
    /// The athlete's time zone, whose days these are.
    var timeZone: String
    var days: [FitnessDayDTO]
    var status: String?
    var today: FitnessDayDTO?
    /// The days after today with the planned sessions' expected loads, when asked for.
    var projected: [FitnessDayDTO]?
    static var related: [any APISchema.Type] { [FitnessDayDTO.self] }

    static var schema: Schema {
        .object([
            .init("metric", .enumeration(["load", "trimp", "heart_rate", "pace", "power"])),
            .init("time_zone", .string(description: "The athlete's time zone (IANA): each day is a day on their clock")),
            .init("days", .array(.reference(FitnessDayDTO.schemaName))),
            .init("status", .nullable(.enumeration(["fresh", "neutral", "productive", "overreaching"])), required: false),
            .init("today", .reference(FitnessDayDTO.schemaName), required: false),
            .init("projected", .array(.reference(FitnessDayDTO.schemaName)), required: false),
        ])
    }
}

struct PeriodStatsDTO: Content, APISchema {
    var period: String
    var start: Date
    var count: Int
    var distance: Double
    var movingTime: Double
    var elevationGain: Double
    /// Total moving time over total distance (seconds per metre), so long runs weigh more.
    var pace: Double?
    var load: Double
    var bySport: [String: SportStatsDTO]

    static var related: [any APISchema.Type] { [SportStatsDTO.self] }
    static var schema: Schema {
        .object([
            .init("period", .string), .init("start", .dateTime), .init("count", .integer), .init("distance", .number),
            .init("moving_time", .number), .init("elevation_gain", .number),
            .init("pace", .nullable(.number(description: "seconds per metre, distance-weighted")), required: false),
            .init("load", .number), .init("by_sport", .dictionary(.reference(SportStatsDTO.schemaName))),
        ])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SamplesResponse.DynamicKey.self)
        try container.encode(period, forKey: .init("period"))
        try container.encode(start, forKey: .init("start"))
        try container.encode(count, forKey: .init("count"))
        try container.encode(distance, forKey: .init("distance"))
        try container.encode(movingTime, forKey: .init("moving_time"))
        try container.encode(elevationGain, forKey: .init("elevation_gain"))
        try container.encode(pace, forKey: .init("pace"))
        try container.encode(load, forKey: .init("load"))
        var nested = container.nestedContainer(keyedBy: SamplesResponse.DynamicKey.self, forKey: .init("by_sport"))
        for (sport, stats) in bySport.sorted(by: { $0.key < $1.key }) { try nested.encode(stats, forKey: .init(sport)) }
    }
}

struct SportStatsDTO: Content, APISchema {
    var count: Int
    var distance: Double
    var movingTime: Double
    var elevationGain: Double
    var pace: Double?

    enum CodingKeys: String, CodingKey {
        case count, distance, pace
        case movingTime = "moving_time"
        case elevationGain = "elevation_gain"
    }

    static var schema: Schema {
        .object([.init("count", .integer), .init("distance", .number), .init("moving_time", .number),
                 .init("elevation_gain", .number), .init("pace", .nullable(.number), required: false)])
    }
}

/// Encoded by `encoded()` (its keys and its parts' are snake_case already): hundreds of weeks
/// through the global encoder's key conversion took longer than computing them.
struct StatsResponse: Content, APISchema, PreEncodedJSON {
    var group: String
    /// The athlete's time zone, whose days, weeks, months and years these are.
    var timeZone: String
    var periods: [PeriodStatsDTO]
    var total: PeriodStatsDTO
    /// Running on roads against trails over the whole range.
    var road: SportStatsDTO
    var trail: SportStatsDTO
    static var related: [any APISchema.Type] { [PeriodStatsDTO.self, SportStatsDTO.self] }

    enum CodingKeys: String, CodingKey {
        case group, periods, total, road, trail
        case timeZone = "time_zone"
    }

    static var schema: Schema {
        .object([
            .init("group", .enumeration(["day", "week", "month", "year"])),
            .init("time_zone", .string(description: "The athlete's time zone (IANA): periods begin at midnight on their clock")),
            .init("periods", .array(.reference(PeriodStatsDTO.schemaName))), .init("total", .reference(PeriodStatsDTO.schemaName)),
            .init("road", .reference(SportStatsDTO.schemaName)), .init("trail", .reference(SportStatsDTO.schemaName)),
        ])
    }
}

struct RecordDTO: Content, APISchema {
    var name: String
    var value: Double
    var unit: String
    var activityID: UUID
    var date: Date
    var family: String?
    /// 1 for the record itself, 2 and 3 for the next best.
    var rank: Int?
    /// Faster than humanly possible (a GPS error): listed after the real ones, never used.
    var implausible: Bool?

    static var schema: Schema {
        .object([.init("name", .string), .init("value", .number), .init("unit", .enumeration(["s", "W"])),
                 .init("activity_id", .string(format: "uuid")), .init("date", .dateTime),
                 .init("family", .string, required: false), .init("rank", .integer, required: false),
                 .init("implausible", .boolean(description: "Faster than the world record: a GPS error, not used for predictions"), required: false)])
    }
}

struct ProfileDTO: Content, APISchema {
    var effectiveFrom: Date?
    var maxHeartRate: Double?
    var restingHeartRate: Double?
    var thresholdHeartRate: Double?
    var thresholdSpeed: Double?
    var ftp: Double?
    var weight: Double?
    var sex: String?
    /// Which values are estimated from the athlete's data rather than set.
    var estimated: [String]?
    /// The heart-rate zone method: the athlete's choice when saving (`auto` or absent: from the
    /// threshold when known, else reserve); the one in force when read.
    var heartRateZoneMethod: String?
    var heartRateZones: [Zone]?
    var paceZones: [Zone]?
    var powerZones: [Zone]?

    static var schema: Schema {
        let zone = Schema.object([.init("name", .string), .init("lower", .number), .init("upper", .number)])
        return .object([
            .init("effective_from", .dateTime, required: false),
            .init("max_heart_rate", .number, required: false), .init("resting_heart_rate", .number, required: false),
            .init("threshold_heart_rate", .number, required: false),
            .init("threshold_speed", .number(description: "m/s, about one-hour race pace"), required: false),
            .init("ftp", .number(description: "watts"), required: false), .init("weight", .number(description: "kg"), required: false),
            .init("sex", .enumeration(["male", "female"]), required: false),
            .init("estimated", .array(.string), required: false),
            .init("heart_rate_zone_method", .enumeration(["auto"] + HeartRateZoneMethod.allCases.map(\.rawValue)), required: false),
            .init("heart_rate_zones", .array(zone), required: false), .init("pace_zones", .array(zone), required: false),
            .init("power_zones", .array(zone), required: false),
        ])
    }
}

struct PredictionResponse: Content, APISchema {
    var prediction: RacePrediction.Prediction

    static var schema: Schema {
        let performance = Schema.performance
        return .object([.init("prediction", .object([
            .init("distance", .number), .init("time", .number), .init("low", .number), .init("high", .number),
            .init("riegel_exponent", .number), .init("warnings", .array(.string)),
            .init("estimates", .array(.object([.init("model", .enumeration(["riegel", "vdot", "cameron"])), .init("time", .number),
                                               .init("basis", .array(performance)), .init("note", .string, required: false)]))),
        ]))])
    }
}

struct ActivityAnalysisResponse: Content, APISchema {
    var analysis: ActivityAnalysis

    static var schema: Schema {
        .object([.init("analysis", .dictionary(.any))])
    }
}

struct BacktestResponse: Content, APISchema {
    var summary: Backtest.Summary

    static var schema: Schema {
        let performance = Schema.object([.init("distance", .number), .init("time", .number),
                                         .init("date", .dateTime, required: false), .init("label", .string, required: false)])
        return .object([.init("summary", .object([
            .init("results", .array(.object([
                .init("race", performance), .init("predicted", .nullable(.number), required: false),
                .init("error_percent", .nullable(.number), required: false), .init("basis", .integer),
            ]))),
            .init("mean_absolute_error_percent", .nullable(.number), required: false),
        ]))])
    }
}

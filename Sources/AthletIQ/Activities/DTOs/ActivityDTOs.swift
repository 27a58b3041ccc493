import AthletIQCore
import Foundation
import Vapor

/// A lap, as stored in `laps_json` and returned by the API.
struct LapDTO: Content, APISchema {
    var startTime: Date?
    var elapsedTime: Double?
    var movingTime: Double?
    var distance: Double?
    var ascent: Double?
    var descent: Double?
    var averageHeartRate: Double?
    var maxHeartRate: Double?
    var averageSpeed: Double?
    var maxSpeed: Double?
    var averageCadence: Double?
    var averagePower: Double?

    init(_ lap: ActivitySummary) {
        startTime = lap.startTime
        elapsedTime = lap.elapsedTime
        movingTime = lap.timerTime
        distance = lap.distance
        ascent = lap.ascent
        descent = lap.descent
        averageHeartRate = lap.averageHeartRate
        maxHeartRate = lap.maxHeartRate
        averageSpeed = lap.averageSpeed
        maxSpeed = lap.maxSpeed
        averageCadence = lap.averageCadence
        averagePower = lap.averagePower
    }

    static func encode(_ laps: [ActivitySummary]) -> String? {
        guard !laps.isEmpty, let data = try? JSONEncoder.api.encode(laps.map(LapDTO.init)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String?) -> [LapDTO] {
        guard let json else { return [] }
        return (try? JSONDecoder.api.decode([LapDTO].self, from: Data(json.utf8))) ?? []
    }

    static var schema: Schema {
        .object(["start_time", "elapsed_time", "moving_time", "distance", "ascent", "descent", "average_heart_rate",
                 "max_heart_rate", "average_speed", "max_speed", "average_cadence", "average_power"].map {
            .init($0, $0 == "start_time" ? .dateTime : .number, required: false)
        })
    }
}

/// An activity as the API shows it (SI units).
struct ActivityResponse: Content, APISchema {
    static var related: [any APISchema.Type] { [LapDTO.self, LegDTO.self] }

    var id: UUID
    var source: String
    var stravaID: Int64?
    var name: String
    var description: String?
    var sport: String
    var sportName: String?
    var sportLocked: Bool
    var startDate: Date
    var elapsedTime: Double
    var movingTime: Double?
    var distance: Double?
    var ascent: Double?
    var descent: Double?
    var averageHeartRate: Double?
    var maxHeartRate: Double?
    var averageSpeed: Double?
    var maxSpeed: Double?
    var averageCadence: Double?
    var averagePower: Double?
    var maxPower: Double?
    var calories: Double?
    var device: String?
    /// The gear's name and id.
    var gear: String?
    var gearID: UUID?
    var hasSamples: Bool
    var sampleCount: Int
    var hasPosition: Bool
    var hasHeartRate: Bool
    var hasPower: Bool
    var laps: [LapDTO]?
    /// The best efforts of this activity that were personal records on its date.
    var records: [String]?
    var load: Double?
    var gradeAdjustedSpeed: Double?
    var race: Bool
    /// A race's official distance and time.
    var raceDistance: Double?
    var raceTime: Double?
    /// The athlete's private notes and perceived effort (1-10), in the detail only.
    var notes: String?
    var perceivedEffort: Int?
    /// The multisport event this activity is a leg of, and its place in it.
    var multisportID: UUID?
    var legIndex: Int?
    /// In the detail of a leg: every leg of the event, in order.
    var legs: [LegDTO]?

    /// Spelled out, so the list can be encoded without the key conversion (a hot path).
    enum CodingKeys: String, CodingKey {
        case id, source, name, description, sport, distance, ascent, descent, calories, device, gear, laps, records, load, race
        case stravaID = "strava_id", sportName = "sport_name", sportLocked = "sport_locked", startDate = "start_date"
        case elapsedTime = "elapsed_time", movingTime = "moving_time", averageHeartRate = "average_heart_rate"
        case maxHeartRate = "max_heart_rate", averageSpeed = "average_speed", maxSpeed = "max_speed"
        case averageCadence = "average_cadence", averagePower = "average_power", maxPower = "max_power"
        case hasSamples = "has_samples", sampleCount = "sample_count", hasPosition = "has_position"
        case hasHeartRate = "has_heart_rate", hasPower = "has_power", gradeAdjustedSpeed = "grade_adjusted_speed"
        case multisportID = "multisport_id", legIndex = "leg_index", legs, gearID = "gear_id"
        case raceDistance = "race_distance", raceTime = "race_time", notes, perceivedEffort = "perceived_effort"
    }

    init(_ activity: Activity, withLaps: Bool = false) throws {
        id = try activity.requireID()
        source = activity.source
        stravaID = activity.stravaID
        name = activity.name
        description = activity.descriptionText
        sport = activity.sport
        sportName = activity.sportName
        sportLocked = activity.sportLocked
        startDate = activity.startDate
        elapsedTime = activity.elapsedTime
        movingTime = activity.movingTime
        distance = activity.distance
        ascent = activity.ascent
        descent = activity.descent
        averageHeartRate = activity.averageHeartRate
        maxHeartRate = activity.maxHeartRate
        averageSpeed = activity.averageSpeed
        maxSpeed = activity.maxSpeed
        averageCadence = activity.averageCadence
        averagePower = activity.averagePower
        maxPower = activity.maxPower
        calories = activity.calories
        device = activity.device
        gear = activity.gear
        gearID = activity.gearID
        hasSamples = activity.hasSamples
        sampleCount = activity.sampleCount
        hasPosition = activity.hasPosition
        hasHeartRate = activity.hasHeartRate
        hasPower = activity.hasPower
        laps = withLaps ? LapDTO.decode(activity.lapsJSON) : nil
        load = activity.load
        gradeAdjustedSpeed = activity.gradeAdjustedSpeed
        race = activity.isRace
        raceDistance = activity.raceDistance
        raceTime = activity.raceTime
        if withLaps {
            notes = activity.privateNotes
            perceivedEffort = activity.perceivedEffort
        }
        multisportID = activity.multisportID
        legIndex = activity.legIndex
    }

    static var schema: Schema {
        var properties: [Schema.Property] = [
            .init("id", .string(format: "uuid")), .init("source", .enumeration(["file", "strava"])),
            .init("strava_id", .integer, required: false), .init("name", .string), .init("description", .string, required: false),
            .init("sport", .enumeration(Sport.allCases.map(\.rawValue))), .init("sport_name", .string, required: false),
            .init("sport_locked", .boolean(description: "The user corrected the sport; source updates keep it.")),
            .init("start_date", .dateTime), .init("elapsed_time", .number(description: "seconds")),
        ]
        for name in ["moving_time", "distance", "ascent", "descent", "average_heart_rate", "max_heart_rate", "average_speed",
                     "max_speed", "average_cadence", "average_power", "max_power", "calories"] {
            properties.append(.init(name, .number, required: false))
        }
        properties += [
            .init("device", .string, required: false), .init("gear", .string(description: "The gear's name"), required: false),
            .init("gear_id", .string(format: "uuid"), required: false),
            .init("has_samples", .boolean), .init("sample_count", .integer), .init("has_position", .boolean),
            .init("has_heart_rate", .boolean), .init("has_power", .boolean),
            .init("laps", .array(.reference(LapDTO.schemaName)), required: false),
            .init("records", .array(.string(description: "Efforts that were personal records on the day")), required: false),
            .init("load", .number, required: false), .init("grade_adjusted_speed", .number, required: false),
            .init("race", .boolean(description: "A race: predictions are backtested against it")),
            .init("race_distance", .number(description: "A race's official distance (m)"), required: false),
            .init("race_time", .number(description: "A race's official time (s)"), required: false),
            .init("notes", .string(description: "The athlete's private notes (detail only)"), required: false),
            .init("perceived_effort", .integer(description: "How hard it felt, 1 to 10 (detail only)"), required: false),
            .init("multisport_id", .string(format: "uuid"), required: false), .init("leg_index", .integer, required: false),
            .init("legs", .array(.reference(LegDTO.schemaName)), required: false),
        ]
        return .object(properties)
    }
}

/// One leg of a multisport event.
struct LegDTO: Content, APISchema {
    var id: UUID
    var legIndex: Int
    var sport: String
    var name: String
    var startDate: Date
    var distance: Double?
    var movingTime: Double?

    enum CodingKeys: String, CodingKey {
        case id, sport, name, distance
        case legIndex = "leg_index", startDate = "start_date", movingTime = "moving_time"
    }

    static var schema: Schema {
        .object([.init("id", .string(format: "uuid")), .init("leg_index", .integer), .init("sport", .string), .init("name", .string),
                 .init("start_date", .dateTime), .init("distance", .number, required: false), .init("moving_time", .number, required: false)])
    }
}

/// One page of activities.
struct ActivityPage: Content, APISchema, PreEncodedJSON {
    static var related: [any APISchema.Type] { [ActivityResponse.self] }

    var items: [ActivityResponse]
    var total: Int
    var page: Int
    var perPage: Int
    /// The path of the next page, when there is one.
    var next: String?

    enum CodingKeys: String, CodingKey {
        case items, total, page, next
        case perPage = "per_page"
    }

    static var schema: Schema {
        .object([
            .init("items", .array(.reference(ActivityResponse.schemaName))), .init("total", .integer),
            .init("page", .integer), .init("per_page", .integer), .init("next", .nullable(.string), required: false),
        ])
    }
}

/// Samples by channel (null where a sample lacks the channel).
struct SamplesResponse: Content, APISchema {
    var count: Int
    var originalCount: Int
    var channels: [String: [Double?]]

    static var schema: Schema {
        .object([
            .init("count", .integer), .init("original_count", .integer),
            .init("channels", .dictionary(.array(.nullable(.number))))
        ])
    }

    // Channel names are already snake_case; encode them verbatim.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(count, forKey: DynamicKey("count"))
        try container.encode(originalCount, forKey: DynamicKey("original_count"))
        var nested = container.nestedContainer(keyedBy: DynamicKey.self, forKey: DynamicKey("channels"))
        for (name, values) in channels.sorted(by: { $0.key < $1.key }) { try nested.encode(values, forKey: DynamicKey(name)) }
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct UpdateActivityRequest: Content, APISchema {
    var name: String?
    var sport: String?
    var description: String?
    var race: Bool?
    /// Official distance (m) and time (s) of a race; 0 clears them. Giving them marks a race.
    var raceDistance: Double?
    var raceTime: Double?
    var notes: String?
    var perceivedEffort: Int?
    var gear: String?
    var gearId: String?

    static var schema: Schema {
        .object([
            .init("name", .string, required: false),
            .init("notes", .string(description: "Private notes (only the athlete sees them); empty clears them"), required: false),
            .init("perceived_effort", .integer(description: "How hard it felt, 1 (very easy) to 10 (maximal); 0 clears it"), required: false),
            .init("gear", .string(description: "Shoes or bike used, by name (made when new); empty clears it"), required: false),
            .init("gear_id", .string(description: "Shoes or bike used, by id (see /api/v1/gear); empty clears it"), required: false),
            .init("sport", .enumeration(Sport.allCases.map(\.rawValue)), required: false),
            .init("description", .string, required: false),
            .init("race", .boolean, required: false),
            .init("race_distance", .number(description: "Official distance in metres (100 to 1,000,000; 0 clears it)"), required: false),
            .init("race_time", .number(description: "Official time in seconds (1 to 604,800; 0 clears it)"), required: false),
        ])
    }
}

struct ImportJobResponse: Content, APISchema {
    static var related: [any APISchema.Type] { [ImportReport.self] }

    var id: UUID
    var filename: String
    var status: String
    var total: Int
    var processed: Int
    var imported: Int
    var duplicates: Int
    var failed: Int
    var error: String?
    var report: ImportReport?
    var createdAt: Date?

    init(_ job: ImportJob, withReport: Bool) throws {
        id = try job.requireID()
        filename = job.filename
        status = job.status
        total = job.total
        processed = job.processed
        imported = job.imported
        duplicates = job.duplicates
        failed = job.failedCount
        error = job.error
        createdAt = job.createdAt
        report = withReport ? job.reportJSON.flatMap { try? JSONDecoder.api.decode(ImportReport.self, from: Data($0.utf8)) } : nil
    }

    static var schema: Schema {
        .object([
            .init("id", .string(format: "uuid")), .init("filename", .string),
            .init("status", .enumeration(["queued", "running", "done", "failed"])),
            .init("total", .integer(description: "Files found (an estimate until the archive is read)")),
            .init("processed", .integer), .init("imported", .integer), .init("duplicates", .integer), .init("failed", .integer),
            .init("error", .string, required: false), .init("report", .reference(ImportReport.schemaName), required: false),
            .init("created_at", .dateTime),
        ])
    }
}

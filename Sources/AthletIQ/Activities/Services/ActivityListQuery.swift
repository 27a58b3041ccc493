import AthletIQCore
import Fluent
import Foundation
import SQLKit

/// The activity list in two small SQL queries (the page through the user/start index, the total
/// from the index alone), read without the ORM: it is the most requested endpoint, and Fluent's
/// reflection-based row decoding cost more than the queries themselves.
struct ActivityListQuery {
    var userID: UUID
    var sports: [String]?
    var from: Date?
    var to: Date?
    var text: String?
    var postgres: Bool
    var racesOnly = false
    var sort: Sort = .date
    var ascending = false

    /// What a list can be sorted by; missing values always come last, ties newest first.
    enum Sort: String, CaseIterable, Sendable {
        case date, name, sport, distance, time, speed, climb, heartRate = "heart_rate", load

        /// A fixed SQL expression per case (never text from the request).
        var expression: String {
            switch self {
            case .date: "start_date"
            case .name: "LOWER(name)"
            case .sport: "sport"
            case .distance: "distance"
            case .time: "COALESCE(moving_time, elapsed_time)"
            // Over moving time, as the lists show it.
            case .speed: "(CASE WHEN distance > 0 AND COALESCE(moving_time, elapsed_time) > 0 THEN distance / COALESCE(moving_time, elapsed_time) END)"
            case .climb: "ascent"
            case .heartRate: "average_heart_rate"
            case .load: "load"
            }
        }
    }

    struct Row: Decodable {
        var id: UUID
        var source: String
        var strava_id: Int64?
        var name: String
        var description: String?
        var sport: String
        var sport_name: String?
        var sport_locked: Bool
        var start_date: Date
        var elapsed_time: Double
        var moving_time: Double?
        var distance: Double?
        var ascent: Double?
        var descent: Double?
        var average_heart_rate: Double?
        var max_heart_rate: Double?
        var average_speed: Double?
        var max_speed: Double?
        var average_cadence: Double?
        var average_power: Double?
        var max_power: Double?
        var calories: Double?
        var device: String?
        var gear: String?
        var gear_id: UUID?
        var has_samples: Bool
        var sample_count: Int
        var has_position: Bool
        var has_heart_rate: Bool
        var has_power: Bool
        var load: Double?
        var grade_adjusted_speed: Double?
        var is_race: Bool
        var enriched_at: Date?
    }

    static let columns = ["id", "source", "strava_id", "name", "description", "sport", "sport_name", "sport_locked", "start_date",
                          "elapsed_time", "moving_time", "distance", "ascent", "descent", "average_heart_rate", "max_heart_rate",
                          "average_speed", "max_speed", "average_cadence", "average_power", "max_power", "calories", "device", "gear", "gear_id",
                          "has_samples", "sample_count", "has_position", "has_heart_rate", "has_power", "load",
                          "grade_adjusted_speed", "is_race", "enriched_at"]

    /// A page, newest first, with the total number of matching activities.
    func page(_ page: Int, perPage: Int, on database: any Database) async throws -> (items: [ActivityResponse], total: Int) {
        let (rows, total) = try await rows(page, perPage: perPage, on: database)
        return (rows.map(ActivityResponse.init(row:)), total)
    }

    /// A page of rows as stored, with the total number of matching activities.
    func rows(_ page: Int, perPage: Int, on database: any Database) async throws -> (rows: [Row], total: Int) {
        guard let sql = database as? any SQLDatabase else { return ([], 0) }
        let direction = ascending ? "ASC" : "DESC"
        let order = sort == .date ? "start_date \(direction), id"
            : "(\(sort.expression)) IS NULL, \(sort.expression) \(direction), start_date DESC, id"
        let rows = try await filtered(sql.select().columns(Self.columns.map { SQLColumn($0) }).from(Activity.schema))
            .orderBy(SQLRaw(order)).limit(perPage).offset((page - 1) * perPage)
            .all(decoding: Row.self)
        struct Count: Decodable { var total: Int }
        let total = try await filtered(sql.select().column(SQLRaw("COUNT(*)"), as: "total").from(Activity.schema))
            .first(decoding: Count.self)?.total ?? 0
        return (rows, total)
    }

    private func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        var select = select.where("user_id", .equal, SQLBind(userID))
        if let sports { select = select.where("sport", .in, SQLBind.group(sports)) }
        if let from { select = select.where("start_date", .greaterThanOrEqual, SQLBind(from)) }
        if let to { select = select.where("start_date", .lessThan, SQLBind(to)) }
        if racesOnly { select = select.where("is_race", .equal, SQLBind(true)) }
        if let text {
            let pattern = "%" + String(text.prefix(100)).replacingOccurrences(of: "%", with: "") + "%"
            // Case-insensitive on both databases (SQLite's LIKE already is, for ASCII).
            let like = SQLRaw(postgres ? "ILIKE" : "LIKE")
            select = select.where { group in
                group.where(SQLColumn("name"), like, SQLBind(pattern)).orWhere(SQLColumn("description"), like, SQLBind(pattern))
            }
        }
        return select
    }
}

extension ActivityResponse {
    init(row: ActivityListQuery.Row) {
        id = row.id
        source = row.source
        stravaID = row.strava_id
        name = row.name
        description = row.description
        sport = row.sport
        sportName = row.sport_name
        sportLocked = row.sport_locked
        startDate = row.start_date
        elapsedTime = row.elapsed_time
        movingTime = row.moving_time
        distance = row.distance
        ascent = row.ascent
        descent = row.descent
        averageHeartRate = row.average_heart_rate
        maxHeartRate = row.max_heart_rate
        averageSpeed = row.average_speed
        maxSpeed = row.max_speed
        averageCadence = row.average_cadence
        averagePower = row.average_power
        maxPower = row.max_power
        calories = row.calories
        device = row.device
        gear = row.gear
        gearID = row.gear_id
        hasSamples = row.has_samples
        sampleCount = row.sample_count
        hasPosition = row.has_position
        hasHeartRate = row.has_heart_rate
        hasPower = row.has_power
        laps = nil
        records = nil
        load = row.load
        gradeAdjustedSpeed = row.grade_adjusted_speed
        race = row.is_race
    }
}

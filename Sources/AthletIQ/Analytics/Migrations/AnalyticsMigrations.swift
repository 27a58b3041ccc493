import Fluent
import SQLKit

struct CreateAthleteProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AthleteProfile.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("effective_from", .datetime, .required)
            .field("max_heart_rate", .double)
            .field("resting_heart_rate", .double)
            .field("threshold_heart_rate", .double)
            .field("threshold_speed", .double)
            .field("ftp", .double)
            .field("weight", .double)
            .field("sex", .string)
            .field("created_at", .datetime)
            .create()
        try await (database as? any SQLDatabase)?.create(index: "athlete_profiles_user_idx")
            .on(AthleteProfile.schema).column("user_id").column("effective_from").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AthleteProfile.schema).delete()
    }
}

struct CreateBestEfforts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(BestEffortRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("activity_id", .uuid, .required, .references(Activity.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("value", .double, .required)
            .field("start_date", .datetime, .required)
            .field("sport_family", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "best_efforts_user_name_idx").on(BestEffortRecord.schema).column("user_id").column("name").run()
        try await sql.create(index: "best_efforts_activity_idx").on(BestEffortRecord.schema).column("activity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BestEffortRecord.schema).delete()
    }
}

/// The analysis of each activity: the training load for the fitness chart and the rest as JSON.
struct AddActivityAnalysis: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("load", .double), ("load_source", .string), ("trimp", .double), ("heart_rate_stress", .double),
        ("running_stress", .double), ("power_stress", .double), ("grade_adjusted_speed", .double), ("analysis_json", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        for (name, type) in Self.columns {
            try await database.schema(Activity.schema).field(.string(name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        // One column at a time: SQLite drops columns one per statement.
        for (name, _) in Self.columns {
            try await database.schema(Activity.schema).deleteField(.string(name)).update()
        }
    }
}

/// Marks races (set by the athlete, or Strava's race workout type), for the prediction backtest.
struct AddActivityRaceFlag: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema).field("is_race", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("is_race").update()
    }
}

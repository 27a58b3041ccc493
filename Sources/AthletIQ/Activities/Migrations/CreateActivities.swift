import Fluent
import SQLKit

struct CreateActivities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("source", .string, .required)
            .field("strava_id", .int64)
            .field("name", .string, .required)
            .field("description", .string)
            .field("sport", .string, .required)
            .field("sport_name", .string)
            .field("sport_locked", .bool, .required)
            .field("start_date", .datetime, .required)
            .field("elapsed_time", .double, .required)
            .field("moving_time", .double)
            .field("distance", .double)
            .field("ascent", .double)
            .field("descent", .double)
            .field("average_heart_rate", .double)
            .field("max_heart_rate", .double)
            .field("average_speed", .double)
            .field("max_speed", .double)
            .field("average_cadence", .double)
            .field("average_power", .double)
            .field("max_power", .double)
            .field("calories", .double)
            .field("device", .string)
            .field("gear", .string)
            .field("start_latitude", .double)
            .field("start_longitude", .double)
            .field("has_samples", .bool, .required)
            .field("sample_count", .int, .required)
            .field("has_position", .bool, .required)
            .field("has_heart_rate", .bool, .required)
            .field("has_power", .bool, .required)
            .field("laps_json", .string)
            .field("file_sha256", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id", "strava_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "activities_user_start_idx").on(Activity.schema).column("user_id").column("start_date").run()
        try await sql.create(index: "activities_user_sport_idx").on(Activity.schema).column("user_id").column("sport").column("start_date").run()
        try await sql.create(index: "activities_user_sha_idx").on(Activity.schema).column("user_id").column("file_sha256").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).delete()
    }
}

struct CreateActivityStreams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityStream.schema)
            .id()
            .field("activity_id", .uuid, .required, .references(Activity.schema, .id, onDelete: .cascade))
            .field("format_version", .int, .required)
            .field("point_count", .int, .required)
            .field("data", .data, .required)
            .unique(on: "activity_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActivityStream.schema).delete()
    }
}

struct CreateActivityFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityFile.schema)
            .id()
            .field("activity_id", .uuid, .required, .references(Activity.schema, .id, onDelete: .cascade))
            .field("filename", .string, .required)
            .field("format", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .unique(on: "activity_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActivityFile.schema).delete()
    }
}

struct CreateImportJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportJob.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("filename", .string, .required)
            .field("status", .string, .required)
            .field("total", .int, .required)
            .field("processed", .int, .required)
            .field("imported", .int, .required)
            .field("duplicates", .int, .required)
            .field("failed", .int, .required)
            .field("report_json", .string)
            .field("error", .string)
            .field("upload_path", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await (database as? any SQLDatabase)?.create(index: "import_jobs_user_idx").on(ImportJob.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJob.schema).delete()
    }
}

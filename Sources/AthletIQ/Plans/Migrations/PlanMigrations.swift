import Fluent
import SQLKit

struct CreatePlannedWorkouts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlannedWorkout.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("date", .string, .required)
            .field("time", .string)
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("sport", .string, .required)
            .field("distance", .double)
            .field("duration", .double)
            .field("target_speed", .double)
            .field("elevation_gain", .double)
            .field("zone", .int)
            .field("description", .string)
            .field("coach_notes", .string)
            .field("phase", .string)
            .field("week", .int)
            .field("rpe", .int)
            .field("completed", .bool, .required)
            .field("completion_percentage", .double)
            .field("steps_json", .string)
            .field("source", .string, .required)
            .field("source_key", .string)
            .field("linked_activity_id", .uuid, .references(Activity.schema, .id, onDelete: .setNull))
            .field("unlinked", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id", "source", "source_key")
            .create()
        try await (database as? any SQLDatabase)?.create(index: "planned_workouts_user_date_idx")
            .on(PlannedWorkout.schema).column("user_id").column("date").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlannedWorkout.schema).delete()
    }
}

struct CreateCalendarFeeds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarFeed.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("token_sealed", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token_hash")
            .create()
        try await database.schema(GoogleCalendarConnection.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("access_token", .string, .required)
            .field("refresh_token", .string)
            .field("expires_at", .double, .required)
            .field("scope", .string, .required)
            .field("calendar_id", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GoogleCalendarConnection.schema).delete()
        try await database.schema(CalendarFeed.schema).delete()
    }
}

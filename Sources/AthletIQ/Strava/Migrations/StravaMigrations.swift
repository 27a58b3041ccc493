import Fluent
import SQLKit

struct CreateStravaConnections: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StravaConnection.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("athlete_id", .int64, .required)
            .field("athlete_name", .string)
            .field("scopes", .string, .required)
            .field("access_token", .string, .required)
            .field("refresh_token", .string, .required)
            .field("expires_at", .double, .required)
            .field("status", .string, .required)
            .field("last_served_at", .double)
            .field("refresh_lock_until", .double)
            .field("sync_status", .string, .required)
            .field("sync_after", .double)
            .field("sync_before", .double)
            .field("sync_page", .int, .required)
            .field("sync_fetched", .int, .required)
            .field("sync_period_days", .int)
            .field("sync_started_at", .datetime)
            .field("sync_finished_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "athlete_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StravaConnection.schema).delete()
    }
}

struct CreateStravaJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StravaJob.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("strava_id", .int64, .required)
            .field("priority", .int, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("run_after", .double, .required)
            .field("sort_key", .double, .required)
            .field("lease_until", .double)
            .field("leased_by", .string)
            .field("last_error", .string)
            .field("finished_at", .double)
            .field("created_at", .double, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // One live job per user, kind and activity: enqueueing twice is a no-op.
        try await sql.raw("""
            CREATE UNIQUE INDEX strava_jobs_live_idx ON strava_jobs (user_id, kind, strava_id)
            WHERE status IN ('pending', 'running')
            """).run()
        try await sql.create(index: "strava_jobs_claim_idx").on(StravaJob.schema)
            .column("status").column("priority").column("run_after").run()
        try await sql.create(index: "strava_jobs_user_idx").on(StravaJob.schema).column("user_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StravaJob.schema).delete()
    }
}

struct CreateStravaWebhookEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StravaWebhookEvent.schema)
            .id()
            .field("dedupe_key", .string, .required)
            .field("subscription_id", .int64, .required)
            .field("owner_id", .int64, .required)
            .field("object_type", .string, .required)
            .field("object_id", .int64, .required)
            .field("aspect_type", .string, .required)
            .field("updates_json", .string, .required)
            .field("event_time", .int64, .required)
            .field("status", .string, .required)
            .field("received_at", .double, .required)
            .field("lease_until", .double)
            .field("processed_at", .double)
            .field("result", .string)
            .unique(on: "dedupe_key")
            .create()
        try await (database as? any SQLDatabase)?.create(index: "strava_webhook_events_status_idx")
            .on(StravaWebhookEvent.schema).column("status").column("received_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StravaWebhookEvent.schema).delete()
    }
}

/// The shared quota counters (see `StravaQuota`) and instance-wide Strava facts.
struct CreateStravaQuotaAndState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StravaQuota.table)
            .field("key", .string, .identifier(auto: false))
            .field("used", .int64, .required)
            .field("limit_value", .int64, .required)
            .field("updated_at", .double, .required)
            .create()
        try await database.schema(StravaAppState.table)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StravaAppState.table).delete()
        try await database.schema(StravaQuota.table).delete()
    }
}

struct AddActivityStravaFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema)
            .field("is_private", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(Activity.schema)
            .field("enriched_at", .datetime)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("enriched_at").update()
        try await database.schema(Activity.schema).deleteField("is_private").update()
    }
}

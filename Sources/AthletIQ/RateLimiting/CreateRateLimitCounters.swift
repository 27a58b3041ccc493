import Fluent

/// Fixed-window counters shared by every instance: one row per (key, window start).
struct CreateRateLimitCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_counters")
            .field("key", .string, .required)
            .field("window_start", .int64, .required)
            .field("count", .int64, .required)
            .unique(on: "key", "window_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_counters").delete()
    }
}

import Fluent

/// A race's official distance and time (a marathon GPS-measured at 42,191.7 m is still a
/// marathon): they win over the recording for records, predictions and the backtest.
struct AddActivityRaceResult: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(Activity.schema).field("race_distance", .double).update()
        try await database.schema(Activity.schema).field("race_time", .double).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("race_time").update()
        try await database.schema(Activity.schema).deleteField("race_distance").update()
    }
}

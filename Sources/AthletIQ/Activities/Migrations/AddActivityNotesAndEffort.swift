import Fluent

/// The athlete's own words on an activity, kept from anyone else, and how hard it felt (RPE,
/// 1 to 10).
struct AddActivityNotesAndEffort: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(Activity.schema).field("private_notes", .string).update()
        try await database.schema(Activity.schema).field("perceived_effort", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("perceived_effort").update()
        try await database.schema(Activity.schema).deleteField("private_notes").update()
    }
}

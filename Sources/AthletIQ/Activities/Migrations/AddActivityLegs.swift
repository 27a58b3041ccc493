import Fluent

/// The legs of a multisport event (one file with swim, bike and run sessions) share a
/// `multisport_id`; `leg_index` orders them (transitions included).
struct AddActivityLegs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema(Activity.schema).field("multisport_id", .uuid).update()
        try await database.schema(Activity.schema).field("leg_index", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("leg_index").update()
        try await database.schema(Activity.schema).deleteField("multisport_id").update()
    }
}

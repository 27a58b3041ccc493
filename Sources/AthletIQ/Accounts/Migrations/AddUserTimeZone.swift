import Fluent

/// The athlete's time zone (an IANA name such as `Europe/Paris`), so a session planned for a day
/// matches the activity done that day where the athlete lives, not that day in UTC.
struct AddUserTimeZone: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("time_zone").update()
    }
}

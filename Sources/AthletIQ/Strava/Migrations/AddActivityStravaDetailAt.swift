import Fluent

/// When Strava's detail of an activity was stored: a retry after a failed streams call then
/// fetches only the streams, not the detail again.
struct AddActivityStravaDetailAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Activity.schema).field("strava_detail_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Activity.schema).deleteField("strava_detail_at").update()
    }
}

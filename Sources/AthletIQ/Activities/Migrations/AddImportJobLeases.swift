import Fluent

/// Import jobs are claimed with a lease, like Strava jobs: with several instances sharing the
/// database (and the upload directory), one runs each import, and a dead instance's import is
/// taken over once its lease runs out.
struct AddImportJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportJob.schema).field("leased_by", .string).update()
        try await database.schema(ImportJob.schema).field("lease_until", .double).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJob.schema).deleteField("lease_until").update()
        try await database.schema(ImportJob.schema).deleteField("leased_by").update()
    }
}

import Fluent
import SQLKit

struct CreateAuthSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("device", .string, .required)
            .field("ip", .string, .required)
            .field("created_at", .datetime)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .create()
        try await (database as? any SQLDatabase)?.create(index: "auth_sessions_user_id_idx")
            .on(AuthSession.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuthSession.schema).delete()
    }
}

import Fluent

struct CreateOAuthStates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OAuthState.schema)
            .id()
            .field("state_hash", .string, .required)
            .field("provider", .string, .required)
            .field("code_verifier", .string)
            .field("nonce", .string)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .cascade))
            .field("return_to", .string)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "state_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OAuthState.schema).delete()
    }
}

import Fluent
import Foundation

/// A target the athlete set: so much distance, time or so many activities a week or a year, in
/// one sport family or in all.
final class Goal: Model, @unchecked Sendable {
    static let schema = "goals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// `week` (from Monday) or `year`, on the athlete's calendar.
    @Field(key: "period") var period: String
    /// `distance` (m), `time` (s of moving time) or `count`.
    @Field(key: "metric") var metric: String
    @Field(key: "target") var target: Double
    /// A sport family, or nil for every sport.
    @OptionalField(key: "family") var family: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateGoals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Goal.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("period", .string, .required)
            .field("metric", .string, .required)
            .field("target", .double, .required)
            .field("family", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Goal.schema).delete()
    }
}

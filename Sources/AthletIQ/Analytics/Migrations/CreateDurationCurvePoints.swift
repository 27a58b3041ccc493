import Fluent
import SQLKit

/// Each activity's duration curves, one row per point, so that a period's curve is found by
/// index: the best row at each duration or distance, without reading every activity.
struct CreateDurationCurvePoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DurationCurveService.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("activity_id", .uuid, .required, .references(Activity.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("sport_family", .string, .required)
            .field("x", .double, .required)
            .field("value", .double, .required)
            .field("start_date", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "duration_curve_points_best_idx").on(DurationCurveService.schema)
            .column("user_id").column("kind").column("sport_family").column("x").column("value").run()
        try await sql.create(index: "duration_curve_points_activity_idx").on(DurationCurveService.schema).column("activity_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DurationCurveService.schema).delete()
    }
}

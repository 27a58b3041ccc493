import Fluent
import Foundation
import SQLKit

/// A pair of shoes, a bike or other equipment an athlete uses: what it has done is summed from
/// the activities that name it (`activities.gear_id`).
final class Gear: Model, @unchecked Sendable {
    static let schema = "gear"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// `shoes`, `bike` or `other`.
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "brand") var brand: String?
    @OptionalField(key: "model") var model: String?
    /// Strava's id of it (`b12345` for a bike, `g67890` for shoes), when it came from Strava.
    @OptionalField(key: "strava_id") var stravaID: String?
    /// Metres done before its activities were recorded here (shoes bought used, a bike's history).
    @Field(key: "initial_distance") var initialDistance: Double
    /// Metres after which the athlete wants to be reminded to replace it.
    @OptionalField(key: "retire_distance") var retireDistance: Double?
    @OptionalField(key: "retired_at") var retiredAt: Date?
    /// Sports (codes, comma-separated) whose new activities get it when they name no gear.
    @Field(key: "default_sports") var defaultSports: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {
        initialDistance = 0
        defaultSports = ""
    }

    var defaultSportList: [String] { defaultSports.split(separator: ",").map(String.init) }
}

/// The gear table, each activity's link to it, and gear made from the names activities already
/// carried (the free-text gear of earlier versions, Strava's and the Strava export's names).
struct CreateGear: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Gear.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("brand", .string)
            .field("model", .string)
            .field("strava_id", .string)
            .field("initial_distance", .double, .required, .sql(.default(0)))
            .field("retire_distance", .double)
            .field("retired_at", .datetime)
            .field("default_sports", .string, .required, .sql(.default("")))
            .field("created_at", .datetime)
            .create()
        try await database.schema(Activity.schema).field("gear_id", .uuid).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "gear_user_idx").on(Gear.schema).column("user_id").column("name").run()
        try await sql.create(index: "activities_gear_idx").on(Activity.schema).column("gear_id").run()
        struct Named: Decodable { var user_id: UUID; var gear: String; var sport: String }
        let named = try await sql.raw("SELECT user_id, gear, MIN(sport) AS sport FROM activities WHERE gear IS NOT NULL GROUP BY user_id, gear")
            .all(decoding: Named.self)
        for row in named {
            let gear = Gear()
            gear.$user.id = row.user_id
            gear.name = String(row.gear.prefix(GearService.maxName))
            gear.kind = GearService.kind(forSport: row.sport)
            try await gear.create(on: database)
            try await Activity.query(on: database).filter(\.$user.$id == row.user_id).filter(\.$gear == row.gear)
                .set(\.$gearID, to: gear.id).update()
        }
    }

    func revert(on database: any Database) async throws {
        // SQLite drops a column only once no index names it.
        try await (database as? any SQLDatabase)?.drop(index: "activities_gear_idx").run()
        try await database.schema(Activity.schema).deleteField("gear_id").update()
        try await database.schema(Gear.schema).delete()
    }
}

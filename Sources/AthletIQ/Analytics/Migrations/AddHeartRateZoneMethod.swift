import Fluent

/// The athlete's choice of heart-rate zones in their dated profile (nil: from the threshold when
/// known, else heart-rate reserve), so settings and every analysis use one zone model.
struct AddHeartRateZoneMethod: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AthleteProfile.schema).field("heart_rate_zone_method", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AthleteProfile.schema).deleteField("heart_rate_zone_method").update()
    }
}

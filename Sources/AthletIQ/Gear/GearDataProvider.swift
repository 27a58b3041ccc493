import Fluent
import Foundation

/// Gear in exports (with its totals) and deletions; gear that came from Strava goes with the
/// rest of Strava's data.
struct GearDataProvider: UserDataProvider {
    var name: String { "gear" }

    func export(userID: UUID, on database: any Database) async throws -> [ExportFile] {
        let items = try await GearService(database: database, userID: userID).list()
        guard !items.isEmpty else { return [] }
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [ExportFile(path: "gear.json", data: try encoder.encode(items.map(GearDTO.init)))]
    }

    func deleteAll(userID: UUID, on database: any Database) async throws {
        try await Gear.query(on: database).filter(\.$user.$id == userID).delete()
    }

    func deleteStravaData(userID: UUID, on database: any Database) async throws {
        let fromStrava = try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$stravaID != nil).all().compactMap(\.id)
        guard !fromStrava.isEmpty else { return }
        try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$gearID ~~ fromStrava)
            .set(\.$gearID, to: nil).set(\.$gear, to: nil).update()
        try await Gear.query(on: database).filter(\.$id ~~ fromStrava).delete()
    }
}

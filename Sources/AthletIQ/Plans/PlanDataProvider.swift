import Fluent
import Foundation

/// Plans in exports (JSON) and deletions; the feed address and the Google Calendar tokens go
/// with them. Imported Google events are not Strava data, so Strava deletions leave plans alone.
struct PlanDataProvider: UserDataProvider {
    var name: String { "plans" }

    func export(userID: UUID, on database: any Database) async throws -> [ExportFile] {
        let plans = try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID).sort(\.$date).all()
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [ExportFile(path: "plans.json", data: try encoder.encode(plans.map { try PlanResponse($0) }))]
    }

    func deleteAll(userID: UUID, on database: any Database) async throws {
        try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID).delete()
        try await CalendarFeed.query(on: database).filter(\.$user.$id == userID).delete()
        try await GoogleCalendarConnection.query(on: database).filter(\.$user.$id == userID).delete()
    }

    func deleteStravaData(userID: UUID, on database: any Database) async throws {}
}

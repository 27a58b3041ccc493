import AthletIQCore
import Fluent
import Foundation

/// Activities in exports and deletions: every activity as JSON plus the original files, and the
/// athlete's goals.
struct ActivityDataProvider: UserDataProvider {
    var name: String { "activities" }

    func export(userID: UUID, on database: any Database) async throws -> [ExportFile] {
        let activities = try await Activity.query(on: database).filter(\.$user.$id == userID).sort(\.$startDate).all()
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var files = [ExportFile(path: "activities.json", data: try encoder.encode(activities.map { try ActivityResponse($0, withLaps: true) }))]
        let goals = try await Goal.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        if !goals.isEmpty { files.append(ExportFile(path: "goals.json", data: try encoder.encode(goals.map(GoalDTO.init)))) }
        let ids = activities.compactMap(\.id)
        for chunk in stride(from: 0, to: ids.count, by: 200) {
            let slice = Array(ids[chunk..<min(ids.count, chunk + 200)])
            for stored in try await ActivityFile.query(on: database).filter(\.$activity.$id ~~ slice).all() {
                files.append(ExportFile(path: "files/\(stored.$activity.id.uuidString)-\(stored.filename).gz", data: stored.data))
            }
        }
        return files
    }

    func deleteAll(userID: UUID, on database: any Database) async throws {
        try await ImportJob.query(on: database).filter(\.$user.$id == userID).delete()
        try await AthleteProfile.query(on: database).filter(\.$user.$id == userID).delete()
        try await Goal.query(on: database).filter(\.$user.$id == userID).delete()
        try await deleteActivities(Activity.query(on: database).filter(\.$user.$id == userID), on: database)
    }

    func deleteStravaData(userID: UUID, on database: any Database) async throws {
        try await deleteActivities(Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$source == "strava"), on: database)
    }

    private func deleteActivities(_ query: QueryBuilder<Activity>, on database: any Database) async throws {
        let ids = try await query.all().compactMap(\.id)
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[chunk..<min(ids.count, chunk + 500)])
            try await ActivityStream.query(on: database).filter(\.$activity.$id ~~ slice).delete()
            try await ActivityFile.query(on: database).filter(\.$activity.$id ~~ slice).delete()
            try await BestEffortRecord.query(on: database).filter(\.$activity.$id ~~ slice).delete()
            try await DurationCurveService.delete(activityIDs: slice, on: database)
            try await Activity.query(on: database).filter(\.$id ~~ slice).delete()
        }
    }
}

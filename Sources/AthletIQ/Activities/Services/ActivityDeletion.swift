import Fluent
import Foundation

/// Deletes an activity with everything hanging off it (samples, original file, best efforts, curves).
struct ActivityDeletion {
    let database: any Database

    func delete(_ activity: Activity) async throws {
        let id = try activity.requireID()
        try await database.writeTransaction { database in
            try await ActivityStream.query(on: database).filter(\.$activity.$id == id).delete()
            try await ActivityFile.query(on: database).filter(\.$activity.$id == id).delete()
            try await BestEffortRecord.query(on: database).filter(\.$activity.$id == id).delete()
            try await DurationCurveService.delete(activityIDs: [id], on: database)
            try await activity.delete(on: database)
        }
    }
}

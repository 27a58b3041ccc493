import Fluent
import Foundation

/// The Strava connection in exports (never the tokens) and deletions.
struct StravaDataProvider: UserDataProvider {
    var name: String { "strava" }

    struct ConnectionExport: Codable {
        var athleteId: Int64
        var athleteName: String?
        var scopes: [String]
        var status: String
        var connectedAt: Date?
        var syncStatus: String
        var syncFetched: Int
    }

    func export(userID: UUID, on database: any Database) async throws -> [ExportFile] {
        guard let connection = try await StravaConnection.query(on: database).filter(\.$user.$id == userID).first() else { return [] }
        let export = ConnectionExport(athleteId: connection.athleteID, athleteName: connection.athleteName, scopes: connection.scopeList,
                                      status: connection.status, connectedAt: connection.createdAt,
                                      syncStatus: connection.syncStatus, syncFetched: connection.syncFetched)
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [ExportFile(path: "strava.json", data: try encoder.encode(export))]
    }

    func deleteAll(userID: UUID, on database: any Database) async throws {
        try await deleteStravaData(userID: userID, on: database)
    }

    func deleteStravaData(userID: UUID, on database: any Database) async throws {
        let athleteID = try await StravaConnection.query(on: database).filter(\.$user.$id == userID).first()?.athleteID
        try await Self.deleteStrava(userID: userID, athleteID: athleteID, on: database)
    }

    /// The connection (with its tokens), the user's jobs and the athlete's webhook events.
    static func deleteStrava(userID: UUID, athleteID: Int64?, on database: any Database) async throws {
        try await StravaJob.query(on: database).filter(\.$user.$id == userID).delete()
        if let athleteID {
            try await StravaWebhookEvent.query(on: database).filter(\.$ownerID == athleteID)
                .filter(\.$status != .processing).delete()
        }
        try await StravaConnection.query(on: database).filter(\.$user.$id == userID).delete()
    }
}

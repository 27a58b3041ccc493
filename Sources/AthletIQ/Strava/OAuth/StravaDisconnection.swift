import Fluent
import Foundation
import Vapor

/// Ends a user's Strava connection: revokes our access at Strava (when the user disconnects),
/// deletes the tokens and the queue, and deletes what came from Strava, as the API agreement
/// requires once access ends. Activities the user imported from files stay.
struct StravaDisconnection {
    let services: StravaServices

    /// The user disconnects: Strava is told first, then everything goes.
    func disconnect(_ connection: StravaConnection) async throws {
        await services.tokens.revoke(connection)
        try await deleteEverything(of: connection)
        services.logger.notice("Strava disconnected", metadata: ["user_id": .string(connection.$user.id.uuidString)])
    }

    /// Deletes the connection, its jobs, its webhook events and the Strava-sourced activities.
    func deleteEverything(of connection: StravaConnection) async throws {
        let userID = connection.$user.id
        let athleteID = connection.athleteID
        try await services.database.writeTransaction { database in
            try await StravaDataProvider.deleteStrava(userID: userID, athleteID: athleteID, on: database)
            try await ActivityDataProvider().deleteStravaData(userID: userID, on: database)
        }
    }
}

extension StravaDisconnection {
    /// Before a user deletes their Strava data, their data or their account: tell Strava our
    /// access ends (the rows themselves are deleted by the data-rights service).
    static func revokeIfConnected(_ request: Request) async {
        guard let services = StravaServices(application: request.application, database: request.db, logger: request.logger),
              let userID = try? request.currentUserID,
              let connection = try? await services.connection(userID: userID) else { return }
        await services.tokens.revoke(connection)
    }
}

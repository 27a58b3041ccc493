import Fluent
import Foundation

/// The account itself: profile and sessions. Deleting "all data" keeps the account; deleting the
/// account removes the user row, which cascades to sessions, tokens and pending sign-ins.
struct AccountDataProvider: UserDataProvider {
    var name: String { "account" }

    struct AccountExport: Encodable {
        var user: UserResponse
        var sessions: [SessionExport]
    }

    struct SessionExport: Encodable {
        var id: UUID?
        var device: String
        var ip: String
        var createdAt: Date?
        var lastSeenAt: Date
        var revokedAt: Date?
    }

    func export(userID: UUID, on database: any Database) async throws -> [ExportFile] {
        guard let user = try await User.find(userID, on: database) else { return [] }
        let sessions = try await AuthSession.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let export = AccountExport(
            user: try UserResponse(user),
            sessions: sessions.map { SessionExport(id: $0.id, device: $0.device, ip: $0.ip, createdAt: $0.createdAt,
                                                   lastSeenAt: $0.lastSeenAt, revokedAt: $0.revokedAt) })
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [ExportFile(path: "account.json", data: try encoder.encode(export))]
    }

    func deleteAll(userID: UUID, on database: any Database) async throws {
        try await OAuthState.query(on: database).filter(\.$user.$id == userID).delete()
    }

    func deleteStravaData(userID: UUID, on database: any Database) async throws {}
}

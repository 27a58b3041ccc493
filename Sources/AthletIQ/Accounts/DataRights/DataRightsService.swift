import Fluent
import Foundation
import AthletIQCore
import Vapor

/// The user's rights over their data: get all of it, delete part or all of it, close the account.
struct DataRightsService {
    let database: any Database
    let registry: UserDataRegistry
    let logger: Logger
    var sessionCache: SessionCache?

    /// The phrases a user types to confirm a deletion.
    enum Confirmation {
        static let stravaData = "DELETE STRAVA DATA"
        static let allData = "DELETE ALL MY DATA"
        static let account = "DELETE MY ACCOUNT"
    }

    /// A ZIP with one JSON file per capability, plus the stored original files.
    func export(userID: UUID) async throws -> Data {
        let writer = try ZipArchiveWriter()
        var index: [String] = []
        for provider in registry.all {
            for file in try await provider.export(userID: userID, on: database) {
                try writer.add(path: file.path, data: file.data)
                index.append(file.path)
            }
        }
        let readme = """
            athletIQ data export, made \(ISO8601DateFormatter().string(from: Date())).
            JSON files use snake_case keys, ISO-8601 UTC times and SI units (metres, seconds, m/s).

            Files:
            \(index.map { "- \($0)" }.joined(separator: "\n"))

            """
        try writer.add(path: "README.txt", data: Data(readme.utf8))
        return writer.data
    }

    func deleteStravaData(userID: UUID) async throws {
        try await database.writeTransaction { database in
            for provider in registry.all { try await provider.deleteStravaData(userID: userID, on: database) }
        }
        logger.notice("user deleted their Strava data", metadata: ["user_id": .string(userID.uuidString)])
    }

    func deleteAllData(userID: UUID) async throws {
        try await database.writeTransaction { database in
            for provider in registry.all { try await provider.deleteAll(userID: userID, on: database) }
        }
        logger.notice("user deleted all their data", metadata: ["user_id": .string(userID.uuidString)])
    }

    func deleteAccount(userID: UUID) async throws {
        try await database.writeTransaction { database in
            for provider in registry.all { try await provider.deleteAll(userID: userID, on: database) }
            // Sessions and their tokens go explicitly too, not only through the foreign keys.
            let sessionIDs = try await AuthSession.query(on: database).filter(\.$user.$id == userID).all().compactMap(\.id)
            if !sessionIDs.isEmpty {
                try await RefreshToken.query(on: database).filter(\.$session.$id ~~ sessionIDs).delete()
            }
            try await AuthSession.query(on: database).filter(\.$user.$id == userID).delete()
            try await User.query(on: database).filter(\.$id == userID).delete()
        }
        sessionCache?.forget(userID: userID)
        logger.notice("account deleted", metadata: ["user_id": .string(userID.uuidString)])
    }
}

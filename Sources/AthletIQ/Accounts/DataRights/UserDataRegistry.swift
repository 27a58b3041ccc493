import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A file inside a data export.
struct ExportFile: Sendable {
    var path: String
    var data: Data
}

/// Something a capability keeps for a user: it can be exported, and deleted with the user's data.
/// Every capability that stores user data registers one, so export and deletion never miss a table.
protocol UserDataProvider: Sendable {
    /// A short name, e.g. `account`, `activities`.
    var name: String { get }
    func export(userID: UUID, on database: any Database) async throws -> [ExportFile]
    /// Deletes everything of the user that this capability keeps (rows and stored files), but not
    /// the account itself.
    func deleteAll(userID: UUID, on database: any Database) async throws
    /// Deletes what came from Strava (Strava's API agreement requires it on deauthorization).
    func deleteStravaData(userID: UUID, on database: any Database) async throws
}

/// The registered providers of an application.
final class UserDataRegistry: Sendable {
    private let providers = NIOLockedValueBox<[any UserDataProvider]>([])

    func register(_ provider: any UserDataProvider) {
        providers.withLockedValue { $0.append(provider) }
    }

    var all: [any UserDataProvider] {
        providers.withLockedValue { $0 }
    }
}

extension Application {
    private struct RegistryKey: StorageKey { typealias Value = UserDataRegistry }

    var userData: UserDataRegistry {
        if let registry = storage[RegistryKey.self] { return registry }
        let registry = UserDataRegistry()
        storage[RegistryKey.self] = registry
        return registry
    }
}

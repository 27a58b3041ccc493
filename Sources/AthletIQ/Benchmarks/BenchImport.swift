import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The end-to-end import measured by `athletiq-bench`: a fresh app on SQLite, a user, and the
/// same import path as `athletiq import`.
public enum BenchImport {
    public struct Result: Sendable {
        public var seconds: Double
        public var imported: Int
        public var failed: Int
    }

    public static func run(exportPath: String, dataDirectory: String) async throws -> Result {
        let loaded = SettingsLoader.load(environment: ["ENVIRONMENT": "testing", "DATA_DIR": dataDirectory, "LOG_LEVEL": "error"],
                                         persistDevelopmentSecrets: false)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: loaded.settings)
            try await app.autoMigrate()
            let user = try await AccountService(application: app, database: app.db)
                .signUp(fullName: "Bench", email: "bench@example.org", password: "benchmark password")
            let data = try Data(contentsOf: URL(fileURLWithPath: exportPath), options: .alwaysMapped)
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await ActivityImporter(database: app.db, userID: try user.requireID(), logger: app.logger)
                .importUpload(name: "export.zip", data: data)
            let elapsed = clock.now - start
            try await app.asyncShutdown()
            return Result(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                          imported: report.imported, failed: report.failed)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Connects Fluent to SQLite (a file under the data directory, WAL mode) or PostgreSQL.
enum DatabaseSetup {
    static func configure(_ app: Application, settings: Settings) throws {
        switch settings.database {
        case .sqliteInMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url, let poolSize, let poolTimeout, let connectTimeout):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.coreConfiguration.options.connectTimeout = .seconds(Int64(connectTimeout))
            let loops = max(1, app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 })
            let perLoop = max(1, (poolSize + loops - 1) / loops)
            app.databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: perLoop,
                          connectionPoolTimeout: .seconds(Int64(poolTimeout)), sqlLogLevel: .trace),
                as: .psql)
        }
    }

    /// Settings that live in the SQLite file itself: write-ahead logging lets readers run while
    /// one writer commits. Runs once at start-up.
    static func prepare(_ app: Application, settings: Settings) async throws {
        guard case .sqlite = settings.database, let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
    }

    /// A human description of where the data lives, for the start-up log (no password).
    static func describe(_ settings: Settings) -> String {
        switch settings.database {
        case .sqliteInMemory: return "SQLite in memory"
        case .sqlite(let path):
            return "SQLite at \(URL(fileURLWithPath: path).standardizedFileURL.path)"
        case .postgres(let url, let poolSize, _, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            components.password = components.password == nil ? nil : "***"
            return "PostgreSQL at \(components.string ?? "?") (pool \(poolSize))"
        }
    }
}

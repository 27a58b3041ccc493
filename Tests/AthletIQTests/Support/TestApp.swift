import AthletIQ
import FluentPostgresDriver
import Foundation
import Logging
import Vapor
import VaporTesting

/// Where the tests' databases live: SQLite in memory by default; with `DATABASE_URL=postgres://...`
/// each test gets its own fresh PostgreSQL database (created and dropped around it), so tests
/// running in parallel never see each other's rows.
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"],
              url.hasPrefix("postgres") else { return nil }
        return url
    }

    static var isPostgres: Bool { postgresURL != nil }

    /// Creates a database and returns its URL.
    static func create() async throws -> (url: String, name: String)? {
        guard let base = postgresURL else { return nil }
        let name = "athletiq_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await admin(base) { connection in
            try await connection.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        guard var components = URLComponents(string: base) else { return nil }
        components.path = "/" + name
        return (components.string ?? base, name)
    }

    static func drop(_ name: String) async {
        guard let base = postgresURL else { return }
        try? await admin(base) { connection in
            try await connection.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }

    private static let logger = Logger(label: "test-database")

    private static func admin(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        var configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        configuration.database = "postgres"
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger)
        do { try await body(connection) } catch { try? await connection.close(); throw error }
        try await connection.close()
    }
}

/// Tests log only warnings and worse, so failures stand out.
private let quietLogging: Void = {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return handler
    }
}()

/// (Not named `withApp`: VaporTesting has a generic one that a single-expression closure would pick.)
/// Runs `body` against a fully configured app on a fresh, migrated database.
func withTestApp(
    _ environment: [String: String] = [:],
    migrate: Bool = true,
    _ body: (Application) async throws -> Void
) async throws {
    try await withTestApps(count: 1, environment, migrate: migrate) { apps in try await body(apps[0]) }
}

/// Several app instances sharing one fresh database (PostgreSQL, or an SQLite file), as a
/// scaled-out deployment runs them.
func withTestApps(
    count: Int,
    _ environment: [String: String] = [:],
    migrate: Bool = true,
    _ body: ([Application]) async throws -> Void
) async throws {
    _ = quietLogging
    // Generous limits by default; the rate-limit tests set their own.
    var values = ["ENVIRONMENT": "testing", "DATABASE_URL": "sqlite::memory:",
                  "RATE_LIMIT_SIGNUP": "100000/1h", "RATE_LIMIT_LOGIN": "100000/1m",
                  "RATE_LIMIT_LOGIN_ACCOUNT": "100000/1h", "RATE_LIMIT_USER": "1000000/1m",
                  // A machine running the whole suite at once may take long over one request: a
                  // live server keeps it open, and an upload is answered with its report.
                  "HTTP_IDLE_TIMEOUT": "600", "UPLOAD_WAIT": "300"]
    // Each test has its own data directory: uploads and spooled bodies of tests running in
    // parallel never meet (a backup restore replaces the whole directory).
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-data-\(UUID())").path
    values["DATA_DIR"] = dataDirectory
    let database = try await TestDatabase.create()
    var sqliteFile: String?
    if let database {
        values["DATABASE_URL"] = database.url
        values["DB_POOL_SIZE"] = "2"
    } else if count > 1 {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-\(UUID()).sqlite").path
        values["DATABASE_URL"] = "sqlite://" + file
        sqliteFile = file
    }
    values.merge(environment) { $1 }
    let loaded = SettingsLoader.load(environment: values, persistDevelopmentSecrets: false)
    var apps: [Application] = []
    func cleanUp() async {
        for app in apps {
            // A test that threw between starting a live server and stopping it would otherwise
            // leave it running, and Vapor traps when a started server is released (debug builds).
            await app.server.shutdown()
            try? await app.asyncShutdown()
        }
        if let database { await TestDatabase.drop(database.name) }
        if let sqliteFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqliteFile + suffix) } }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
    do {
        for index in 0..<count {
            let app = try await Application.make(.testing)
            apps.append(app)
            try await configure(app, settings: loaded.settings)
            if migrate && index == 0 { try await app.autoMigrate() }
        }
        try await body(apps)
    } catch {
        await cleanUp()
        throw error
    }
    await cleanUp()
}

/// An app whose Google sign-in points at a local OpenID provider.
func withTestAppAndGoogle(_ environment: [String: String] = [:], _ body: (Application, FakeOIDCProvider) async throws -> Void) async throws {
    let provider = try await FakeOIDCProvider.start()
    var values = ["GOOGLE_CLIENT_ID": provider.clientID, "GOOGLE_CLIENT_SECRET": provider.clientSecret,
                  "GOOGLE_DISCOVERY_URL": provider.discoveryURL, "GOOGLE_CALENDAR_API_URL": provider.calendarAPIURL,
                  "PUBLIC_URL": "http://localhost:8080"]
    values.merge(environment) { $1 }
    do {
        try await withTestApp(values) { app in try await body(app, provider) }
    } catch {
        await provider.shutdown()
        throw error
    }
    await provider.shutdown()
}

extension TestingHTTPResponse {
    /// The `{"error": {"code"}}` of an error response.
    var errorCode: String? {
        struct Body: Decodable { struct Detail: Decodable { var code: String }; var error: Detail }
        return try? JSONDecoder().decode(Body.self, from: Data(buffer: body)).error.code
    }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }
}

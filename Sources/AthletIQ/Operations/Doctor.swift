import Fluent
import Foundation
import SQLKit
import Vapor

/// `athletiq doctor`: checks a configuration before deployment and says what is wrong: settings,
/// secrets, URLs, the database and its migrations, the clock, disk, Strava and Google.
enum Doctor {
    enum Level: String { case ok = "✓", warning = "!", problem = "✗" }

    struct Finding {
        var level: Level
        var message: String
    }

    /// Runs every check and prints them; returns 1 when something must be fixed.
    static func run(loaded: LoadedSettings, arguments: [String]) async -> Int32 {
        var findings: [Finding] = []
        let settings = loaded.settings
        findings += loaded.problems.map { Finding(level: .problem, message: $0) }
        findings += loaded.warnings.map { Finding(level: .warning, message: $0) }
        if loaded.problems.isEmpty { findings.append(Finding(level: .ok, message: "configuration: every setting is valid (\(settings.environment.rawValue))")) }
        if settings.isProduction && settings.database.kind == "sqlite" {
            findings.append(Finding(level: .warning, message: "production on SQLite: fine for one instance; use DATABASE_URL=postgres://... to run several"))
        }
        findings += checkCipher(settings)
        findings += checkDisk(settings)
        findings += checkClock()
        let app: Application
        do {
            app = try await Application.make(.testing)
        } catch {
            print(Finding(level: .problem, message: "cannot start: \(error)"))
            return 1
        }
        do {
            try await configure(app, settings: settings)
            findings += await checkDatabase(app)
            findings += await checkStrava(app)
            findings += await checkGoogle(app)
            findings += checkMetrics(app.settings)
        } catch {
            findings.append(Finding(level: .problem, message: "cannot configure the app: \(error)"))
        }
        try? await app.asyncShutdown()
        for finding in findings { print("\(finding.level.rawValue) \(finding.message)") }
        let problems = findings.filter { $0.level == .problem }.count
        print(problems == 0 ? "\nready to deploy (\(findings.filter { $0.level == .warning }.count) warning(s))" : "\n\(problems) problem(s) to fix")
        return problems == 0 ? 0 : 1
    }

    static func checkCipher(_ settings: Settings) -> [Finding] {
        guard !settings.secrets.encryptionKeys.isEmpty else { return [] }
        let cipher = TokenCipher(keys: settings.secrets.encryptionKeys)
        guard let sealed = try? cipher.seal("doctor"), (try? cipher.open(sealed)) == "doctor" else {
            return [Finding(level: .problem, message: "ENCRYPTION_KEY cannot seal and open a token")]
        }
        let old = settings.secrets.encryptionKeys.count - 1
        return [Finding(level: .ok, message: "encryption: tokens seal and open" + (old > 0 ? " (\(old) old key(s) still accepted)" : ""))]
    }

    static func checkDisk(_ settings: Settings) -> [Finding] {
        let files = FileManager.default
        let directory = settings.dataDirectory
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let probe = directory + "/.doctor-\(UUID().uuidString)"
            try Data("ok".utf8).write(to: URL(fileURLWithPath: probe))
            try files.removeItem(atPath: probe)
        } catch {
            return [Finding(level: .problem, message: "DATA_DIR \(directory) is not writable: \(error.localizedDescription)")]
        }
        let free = (try? files.attributesOfFileSystem(forPath: directory)[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
        let gigabytes = Double(free) / 1_073_741_824
        if free > 0 && gigabytes < 1 {
            return [Finding(level: .warning, message: String(format: "DATA_DIR %@ has only %.2f GB free", directory, gigabytes))]
        }
        return [Finding(level: .ok, message: String(format: "DATA_DIR %@ is writable (%.1f GB free)", directory, gigabytes))]
    }

    static func checkClock() -> [Finding] {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        guard (2024...2100).contains(year) else {
            return [Finding(level: .problem, message: "the system clock says \(year): tokens and Strava's windows need the right time")]
        }
        return [Finding(level: .ok, message: "clock: \(ISO8601DateFormatter().string(from: Date()))")]
    }

    static func checkDatabase(_ app: Application) async -> [Finding] {
        var findings: [Finding] = []
        guard let sql = app.db as? any SQLDatabase else { return [Finding(level: .problem, message: "database: not an SQL database")] }
        do {
            struct One: Decodable { var one: Int }
            _ = try await sql.raw("SELECT 1 AS one").first(decoding: One.self)
            findings.append(Finding(level: .ok, message: "database reachable: \(DatabaseSetup.describe(app.settings))"))
        } catch {
            return [Finding(level: .problem, message: "database unreachable (\(DatabaseSetup.describe(app.settings))): \(error)")]
        }
        do {
            let pending = try await AppMigrations.pending(on: app.db)
            findings.append(pending.isEmpty ? Finding(level: .ok, message: "migrations: all \(AppMigrations.all.count) applied")
                : Finding(level: app.settings.autoMigrate ? .warning : .problem,
                          message: "migrations: \(pending.count) pending (\(pending.prefix(3).joined(separator: ", "))…); run athletiq migrate -y"
                            + (app.settings.autoMigrate ? " or let serve apply them" : "")))
        } catch {
            findings.append(Finding(level: .warning, message: "migrations: none applied yet (a new database); run athletiq migrate -y"))
        }
        if app.settings.database.kind == "postgres" {
            struct Now: Decodable { var now: Double }
            if let server = try? await sql.raw("SELECT EXTRACT(EPOCH FROM now())::float8 AS now").first(decoding: Now.self) {
                let skew = abs(server.now - Date().timeIntervalSince1970)
                findings.append(skew > 5 ? Finding(level: .warning, message: String(format: "clock: %.0f s apart from the database server's", skew))
                    : Finding(level: .ok, message: "clock agrees with the database server"))
            }
        }
        return findings
    }

    /// Any HTTP answer means the host is reachable; only a network failure is a problem.
    static func reachable(_ app: Application, _ url: String) async -> String? {
        do {
            _ = try await app.client.get(URI(string: url)) { request in request.timeout = .seconds(5) }
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func checkStrava(_ app: Application) async -> [Finding] {
        guard let strava = app.settings.strava else { return [Finding(level: .ok, message: "Strava: off (STRAVA_CLIENT_ID not set)")] }
        var findings: [Finding] = []
        if app.settings.isProduction && (!strava.apiURL.hasPrefix("https://") || !strava.oauthURL.hasPrefix("https://")) {
            findings.append(Finding(level: .problem, message: "Strava: STRAVA_API_URL and STRAVA_OAUTH_URL must be https in production"))
        }
        if !strava.callbackURL.hasPrefix(app.settings.http.publicURL) {
            findings.append(Finding(level: .warning, message: "Strava: the callback \(strava.callbackURL) is not under PUBLIC_URL"))
        }
        if strava.webhookVerifyToken.isEmpty {
            findings.append(Finding(level: .warning, message: "Strava: no STRAVA_WEBHOOK_VERIFY_TOKEN, so no webhooks (new activities arrive only by sync)"))
        } else if (try? await StravaAppState.get(StravaAppState.subscriptionKey, on: app.db)) == nil && strava.webhookSubscriptionID == nil {
            findings.append(Finding(level: .warning, message: "Strava: no webhook subscription recorded; run athletiq strava webhook subscribe once the server is up"))
        } else {
            findings.append(Finding(level: .ok, message: "Strava: webhook events are accepted only on the secret address "
                + "\(strava.webhookCallbackURL)/<secret> (subscribe again after changing ENCRYPTION_KEY and retiring the old one)"))
        }
        if let error = await reachable(app, strava.oauthURL + "/authorize") {
            findings.append(Finding(level: .warning, message: "Strava: \(strava.oauthURL) unreachable from here: \(error)"))
        } else {
            findings.append(Finding(level: .ok, message: "Strava: \(strava.oauthURL) reachable; quota \(strava.readLimit.header) reads, \(Int(strava.interactiveReserve * 100)) % kept for users"))
        }
        return findings
    }

    static func checkMetrics(_ settings: Settings) -> [Finding] {
        if settings.http.metricsToken != nil { return [Finding(level: .ok, message: "metrics: /metrics needs the METRICS_TOKEN bearer token")] }
        return settings.isProduction
            ? [Finding(level: .warning, message: "metrics: /metrics is off in production until METRICS_TOKEN is set (for Prometheus' bearer_token)")]
            : [Finding(level: .ok, message: "metrics: /metrics is open (development); set METRICS_TOKEN before exposing it")]
    }

    static func checkGoogle(_ app: Application) async -> [Finding] {
        guard let google = app.settings.google else { return [Finding(level: .ok, message: "Google: off (GOOGLE_CLIENT_ID not set)")] }
        let client = OIDCClient(discoveryURL: google.discoveryURL, clientID: google.clientID, clientSecret: google.clientSecret,
                                client: app.client, cache: app.oidcCache, logger: app.logger)
        do {
            let metadata = try await client.metadata()
            return [Finding(level: .ok, message: "Google: discovery document read (issuer \(metadata.issuer))")]
        } catch {
            return [Finding(level: .warning, message: "Google: the discovery document \(google.discoveryURL) cannot be read: \(error)")]
        }
    }
}

extension Doctor.Finding: CustomStringConvertible {
    var description: String { "\(level.rawValue) \(message)" }
}

/// `athletiq doctor` as a command, for `--help` (the launcher runs the checks before anything
/// else, so a broken configuration is reported rather than refused).
struct DoctorCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Checks the configuration, database, migrations, clock, disk, Strava and Google before a deployment." }

    func run(using context: CommandContext, signature: Signature) async throws {}
}

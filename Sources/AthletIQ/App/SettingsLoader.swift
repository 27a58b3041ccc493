import AthletIQCore
import Foundation
import Logging

/// The outcome of reading the configuration: the settings, what is wrong with them (fatal in
/// production) and what an operator should know (e.g. generated development secrets).
public struct LoadedSettings: Sendable {
    public var settings: Settings
    public var problems: [String]
    public var warnings: [String]
}

/// Raised when the configuration cannot be used; lists every problem at once.
public struct SettingsError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String {
        "athletIQ cannot start, the configuration has \(problems.count) problem(s):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Turns environment variables into `Settings`, collecting every problem instead of stopping at
/// the first, so an operator fixes the whole configuration in one go.
public struct SettingsLoader {
    private let env: [String: String]
    private var problems: [String] = []
    private var warnings: [String] = []

    public init(environment: [String: String]) {
        self.env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Reads the settings. `persistDevelopmentSecrets` keeps generated secrets under the data
    /// directory so development sessions survive restarts; tests pass `false`.
    public static func load(
        environment: [String: String], persistDevelopmentSecrets: Bool = true
    ) -> LoadedSettings {
        var loader = SettingsLoader(environment: environment)
        let settings = loader.read(persistDevelopmentSecrets: persistDevelopmentSecrets)
        return LoadedSettings(settings: settings, problems: loader.problems, warnings: loader.warnings)
    }

    private mutating func read(persistDevelopmentSecrets: Bool) -> Settings {
        let environment = readEnvironment()
        let production = environment == .production
        let dataDirectory = env["DATA_DIR"] ?? "./data"
        let port = integer("PORT", default: 8080, range: 1...65535)
        let publicURL = readPublicURL(production: production, port: port)
        let frontendURL = url("FRONTEND_URL") ?? publicURL
        let secrets = readSecrets(environment: environment, dataDirectory: dataDirectory,
                                  persist: persistDevelopmentSecrets)
        let idleTimeout = integer("HTTP_IDLE_TIMEOUT", default: 30, range: 1...3600)
        var http = HTTPSettings(
            host: env["HOST"] ?? "127.0.0.1",
            port: port,
            publicURL: publicURL,
            frontendURL: frontendURL,
            maxBodyBytes: byteSize("MAX_BODY_SIZE", default: 1 << 20),
            maxUploadBytes: byteSize("MAX_UPLOAD_SIZE", default: 512 << 20),
            idleTimeoutSeconds: idleTimeout,
            minUploadBytesPerSecond: integer("MIN_UPLOAD_RATE", default: 1000, range: 0...100_000_000),
            metricsToken: metricsToken(),
            mapTileURL: mapTileURL())
        http.uploadWaitSeconds = min(Double(integer("UPLOAD_WAIT", default: 20, range: 0...3600)), Double(idleTimeout) * 0.75)
        return Settings(
            environment: environment,
            debug: boolean("DEBUG", default: false),
            http: http,
            dataDirectory: dataDirectory,
            database: readDatabase(dataDirectory: dataDirectory),
            secrets: secrets,
            cors: CORSSettings(allowedOrigins: readOrigins(environment: environment, frontendURL: frontendURL, port: port)),
            logging: readLogging(environment: environment),
            trustedProxies: readTrustedProxies(),
            strava: readStrava(publicURL: publicURL, production: production),
            google: readGoogle(publicURL: publicURL, production: production),
            autoMigrate: boolean("AUTO_MIGRATE", default: true),
            auth: AuthSettings(
                accessTokenSeconds: integer("ACCESS_TOKEN_TTL_SECONDS", default: 15 * 60, range: 60...3600),
                refreshTokenSeconds: integer("REFRESH_TOKEN_TTL_DAYS", default: 30, range: 1...365) * 86400,
                bcryptCost: integer("BCRYPT_COST", default: environment == .testing ? 4 : 12, range: 4...16)),
            rateLimits: readRateLimits(postgres: env["DATABASE_URL"]?.hasPrefix("postgres") == true))
    }

    // MARK: - Sections

    private mutating func readEnvironment() -> AppEnvironment {
        guard let raw = env["ENVIRONMENT"] else { return .development }
        let names = ["dev": "development", "prod": "production", "test": "testing"]
        let name = names[raw.lowercased()] ?? raw.lowercased()
        guard let value = AppEnvironment(rawValue: name) else {
            problems.append("ENVIRONMENT must be development, testing or production (got \"\(raw)\")")
            return .development
        }
        return value
    }

    private mutating func readPublicURL(production: Bool, port: Int) -> String {
        if let value = url("PUBLIC_URL") {
            if production && !value.hasPrefix("https://") {
                problems.append("PUBLIC_URL must be an https:// address in production (got \(value))")
            }
            return value
        }
        if production { problems.append("PUBLIC_URL is missing (the public https:// address of the server)") }
        return "http://localhost:\(port)"
    }

    private mutating func readSecrets(environment: AppEnvironment, dataDirectory: String, persist: Bool) -> SecretSettings {
        var jwt = env["JWT_SECRET"]
        var key = env["ENCRYPTION_KEY"]
        if environment != .production, jwt == nil || key == nil {
            let generated = DevelopmentSecrets.obtain(directory: dataDirectory, persist: persist && environment == .development)
            if jwt == nil { jwt = generated.jwtSecret }
            if key == nil { key = generated.encryptionKey }
            if let path = generated.path {
                warnings.append("JWT_SECRET/ENCRYPTION_KEY not set: using development secrets kept in \(path); never use them in production")
            }
        }
        let jwtSecret = validJWTSecret(jwt)
        var keys: [Data] = []
        if let current = validEncryptionKey(key, name: "ENCRYPTION_KEY") { keys.append(current) }
        for (index, old) in list("ENCRYPTION_KEYS_OLD").enumerated() {
            if let data = validEncryptionKey(old, name: "ENCRYPTION_KEYS_OLD[\(index)]") { keys.append(data) }
        }
        return SecretSettings(jwtSecret: jwtSecret, encryptionKeys: keys)
    }

    private mutating func validJWTSecret(_ value: String?) -> String {
        guard let value else {
            problems.append("JWT_SECRET is missing (generate one: openssl rand -base64 48)")
            return String(repeating: "x", count: 32)
        }
        if Placeholder.isPlaceholder(value) {
            problems.append("JWT_SECRET still has the placeholder value from .env.example")
        } else if value.utf8.count < 32 {
            problems.append("JWT_SECRET is too short: \(value.utf8.count) bytes, at least 32 needed")
        } else if Set(value.utf8).count < 10 {
            problems.append("JWT_SECRET is too weak: it uses fewer than 10 distinct characters")
        }
        // jwt-kit traps on HMAC keys under 32 bytes: never hand it one, even in a failed start.
        return value.utf8.count >= 32 ? value : String(repeating: "x", count: 32)
    }

    private mutating func validEncryptionKey(_ value: String?, name: String) -> Data? {
        guard let value else {
            problems.append("\(name) is missing (generate one: openssl rand -base64 32)")
            return nil
        }
        if Placeholder.isPlaceholder(value) {
            problems.append("\(name) still has the placeholder value from .env.example")
            return nil
        }
        guard let data = Data(base64Encoded: value), data.count == 32 else {
            problems.append("\(name) must be 32 random bytes in base64 (openssl rand -base64 32)")
            return nil
        }
        if Set(data).count < 8 {
            problems.append("\(name) is too weak: it is not random")
            return nil
        }
        return data
    }

    private mutating func readDatabase(dataDirectory: String) -> DatabaseSettings {
        guard let raw = env["DATABASE_URL"] else {
            return .sqlite(path: dataDirectory + "/athletiq.sqlite")
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            return .postgres(
                url: raw,
                poolSize: integer("DB_POOL_SIZE", default: 10, range: 1...500),
                poolTimeoutSeconds: integer("DB_POOL_TIMEOUT", default: 10, range: 1...600),
                connectTimeoutSeconds: integer("DB_CONNECT_TIMEOUT", default: 10, range: 1...600))
        }
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .sqliteInMemory }
        if raw.hasPrefix("sqlite://") { return .sqlite(path: String(raw.dropFirst("sqlite://".count))) }
        problems.append("DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (got a different scheme)")
        return .sqlite(path: dataDirectory + "/athletiq.sqlite")
    }

    private mutating func readOrigins(environment: AppEnvironment, frontendURL: String, port: Int) -> [String] {
        let explicit = list("ALLOWED_ORIGINS")
        if explicit.contains("*") {
            problems.append("ALLOWED_ORIGINS must list origins; \"*\" is refused because cookies carry credentials")
        }
        if !explicit.isEmpty { return explicit.filter { $0 != "*" }.map(Self.origin(of:)) }
        switch environment {
        case .production:
            return [Self.origin(of: frontendURL)]
        case .development, .testing:
            let local = ["http://localhost:\(port)", "http://127.0.0.1:\(port)",
                         "http://localhost:3000", "http://localhost:5173"]
            return Array(Set(local + [Self.origin(of: frontendURL)])).sorted()
        }
    }

    private mutating func readLogging(environment: AppEnvironment) -> LoggingSettings {
        let defaultLevel: Logger.Level = environment == .testing ? .warning : .info
        var level = defaultLevel
        if let raw = env["LOG_LEVEL"] {
            if let parsed = Logger.Level(rawValue: raw.lowercased()) { level = parsed }
            else { problems.append("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical") }
        }
        var format: LogFormat = environment == .production ? .json : .text
        if let raw = env["LOG_FORMAT"] {
            if let parsed = LogFormat(rawValue: raw.lowercased()) { format = parsed }
            else { problems.append("LOG_FORMAT must be text or json") }
        }
        return LoggingSettings(
            level: level, format: format, file: env["LOG_FILE"],
            fileMaxBytes: byteSize("LOG_FILE_MAX_SIZE", default: 50 << 20),
            fileKeep: integer("LOG_FILE_KEEP", default: 5, range: 1...100))
    }

    private mutating func readTrustedProxies() -> [IPAddressRange] {
        list("TRUSTED_PROXIES").compactMap { entry in
            if let range = IPAddressRange(entry) { return range }
            problems.append("TRUSTED_PROXIES has an entry that is not an IP address or CIDR range: \(entry)")
            return nil
        }
    }

    private mutating func readStrava(publicURL: String, production: Bool) -> StravaSettings? {
        guard let clientID = env["STRAVA_CLIENT_ID"] else { return nil }
        let secret = requiredSecret("STRAVA_CLIENT_SECRET", because: "STRAVA_CLIENT_ID is set")
        let verify = env["STRAVA_WEBHOOK_VERIFY_TOKEN"] ?? ""
        if production && (verify.count < 16 || Placeholder.isPlaceholder(verify)) {
            problems.append("STRAVA_WEBHOOK_VERIFY_TOKEN must be a random string of at least 16 characters in production")
        }
        var subscriptionID: Int?
        if let raw = env["STRAVA_WEBHOOK_SUBSCRIPTION_ID"] {
            subscriptionID = Int(raw)
            if subscriptionID == nil { problems.append("STRAVA_WEBHOOK_SUBSCRIPTION_ID must be a number (got \(raw))") }
        }
        return StravaSettings(
            clientID: clientID, clientSecret: secret,
            apiURL: url("STRAVA_API_URL") ?? "https://www.strava.com/api/v3",
            oauthURL: url("STRAVA_OAUTH_URL") ?? "https://www.strava.com/oauth",
            callbackURL: env["STRAVA_CALLBACK_URL"] ?? publicURL + "/api/v1/auth/strava/callback",
            webhookVerifyToken: verify,
            webhookCallbackURL: env["STRAVA_WEBHOOK_CALLBACK_URL"] ?? publicURL + "/api/v1/webhooks/strava",
            webhookSubscriptionID: subscriptionID,
            readLimit: limitPair("STRAVA_READ_LIMIT", default: StravaLimitPair(short: 100, daily: 1000)),
            overallLimit: limitPair("STRAVA_OVERALL_LIMIT", default: StravaLimitPair(short: 200, daily: 2000)),
            interactiveReserve: fraction("STRAVA_INTERACTIVE_RESERVE", default: 0.1, range: 0...0.5),
            embeddedWorker: workerMode(),
            workerConcurrency: integer("STRAVA_WORKER_CONCURRENCY", default: 2, range: 1...32))
    }

    private mutating func workerMode() -> Bool {
        switch env["STRAVA_WORKER"]?.lowercased() ?? "embedded" {
        case "embedded", "on", "true": return true
        case "off", "false", "none": return false
        case let other:
            problems.append("STRAVA_WORKER must be embedded or off (got \(other))")
            return true
        }
    }

    private mutating func limitPair(_ name: String, default value: StravaLimitPair) -> StravaLimitPair {
        guard let raw = env[name] else { return value }
        guard let pair = StravaLimitPair(header: raw), pair.short > 0, pair.daily >= pair.short else {
            problems.append("\(name) must be two numbers, per 15 minutes and per day, like 100,1000 (got \(raw))")
            return value
        }
        return pair
    }

    private mutating func fraction(_ name: String, default value: Double, range: ClosedRange<Double>) -> Double {
        guard var raw = env[name] else { return value }
        var divisor = 1.0
        if raw.hasSuffix("%") { raw.removeLast(); divisor = 100 }
        guard let number = Double(raw).map({ $0 / divisor }), range.contains(number) else {
            problems.append("\(name) must be a share from \(range.lowerBound) to \(range.upperBound), like 0.1 or 10% (got \(raw))")
            return value
        }
        return number
    }

    private mutating func readGoogle(publicURL: String, production: Bool) -> GoogleSettings? {
        guard let clientID = env["GOOGLE_CLIENT_ID"] else { return nil }
        let secret = requiredSecret("GOOGLE_CLIENT_SECRET", because: "GOOGLE_CLIENT_ID is set")
        return GoogleSettings(
            clientID: clientID, clientSecret: secret,
            discoveryURL: env["GOOGLE_DISCOVERY_URL"] ?? "https://accounts.google.com/.well-known/openid-configuration",
            callbackURL: env["GOOGLE_CALLBACK_URL"] ?? publicURL + "/api/v1/auth/google/callback",
            calendarAPIURL: trimmedURL(env["GOOGLE_CALENDAR_API_URL"] ?? "https://www.googleapis.com/calendar/v3"))
    }

    private mutating func readRateLimits(postgres: Bool) -> RateLimitSettings {
        var store: RateLimitStoreKind = postgres ? .database : .memory
        if let raw = env["RATE_LIMIT_STORE"] {
            if let parsed = RateLimitStoreKind(rawValue: raw.lowercased()) { store = parsed }
            else { problems.append("RATE_LIMIT_STORE must be memory or database") }
        }
        return RateLimitSettings(
            enabled: boolean("RATE_LIMITS_ENABLED", default: true),
            store: store,
            login: rateLimit("RATE_LIMIT_LOGIN", default: RateLimit(count: 5, seconds: 60)),
            loginPerAccount: rateLimit("RATE_LIMIT_LOGIN_ACCOUNT", default: RateLimit(count: 10, seconds: 900)),
            signup: rateLimit("RATE_LIMIT_SIGNUP", default: RateLimit(count: 3, seconds: 3600)),
            user: rateLimit("RATE_LIMIT_USER", default: RateLimit(count: 100, seconds: 60)),
            webhook: rateLimit("RATE_LIMIT_WEBHOOK", default: RateLimit(count: 600, seconds: 60)))
    }

    // MARK: - Value parsing

    private mutating func rateLimit(_ name: String, default value: RateLimit) -> RateLimit {
        guard let raw = env[name] else { return value }
        guard let parsed = RateLimit(raw) else {
            problems.append("\(name) must look like 5/1m, 100/60s or 3/1h (got \(raw))")
            return value
        }
        return parsed
    }

    private mutating func requiredSecret(_ name: String, because reason: String) -> String {
        guard let value = env[name] else {
            problems.append("\(name) is missing (\(reason))")
            return ""
        }
        if Placeholder.isPlaceholder(value) {
            problems.append("\(name) still has the placeholder value from .env.example")
        }
        return value
    }

    private mutating func url(_ name: String) -> String? {
        guard let raw = env[name] else { return nil }
        guard let parsed = URL(string: raw), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
              parsed.host != nil else {
            problems.append("\(name) must be an http:// or https:// address (got \(raw))")
            return nil
        }
        return trimmedURL(raw)
    }

    private func trimmedURL(_ raw: String) -> String {
        raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    private static func origin(of url: String) -> String {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme, let host = parsed.host else { return url }
        return parsed.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    private func list(_ name: String) -> [String] {
        (env[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private mutating func boolean(_ name: String, default value: Bool) -> Bool {
        guard let raw = env[name]?.lowercased() else { return value }
        if ["1", "true", "yes", "on"].contains(raw) { return true }
        if ["0", "false", "no", "off"].contains(raw) { return false }
        problems.append("\(name) must be true or false (got \(raw))")
        return value
    }

    /// `off`, or an http(s) address with `{z}`, `{x}` and `{y}`.
    private mutating func mapTileURL() -> String? {
        guard let raw = env["MAP_TILE_URL"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return MapTiles.openStreetMap }
        if raw.lowercased() == "off" { return nil }
        guard MapTiles.origin(of: raw) != nil else {
            problems.append("MAP_TILE_URL must be off or an http(s) address with {z}, {x} and {y} (got \(raw))")
            return MapTiles.openStreetMap
        }
        return raw
    }

    private mutating func metricsToken() -> String? {
        guard let token = env["METRICS_TOKEN"], !token.isEmpty else { return nil }
        if token.count < 16 || Placeholder.isPlaceholder(token) {
            problems.append("METRICS_TOKEN must be a random string of at least 16 characters")
        }
        return token
    }

    private mutating func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
        guard let raw = env[name] else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            problems.append("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(raw))")
            return value
        }
        return parsed
    }

    private mutating func byteSize(_ name: String, default value: Int) -> Int {
        guard let raw = env[name] else { return value }
        guard let parsed = ByteSize.parse(raw) else {
            problems.append("\(name) must be a size like 512kb, 10mb or 1gb (got \(raw))")
            return value
        }
        return parsed
    }
}

/// Parses sizes such as `1048576`, `512kb`, `10MB`, `1gb`.
enum ByteSize {
    static func parse(_ raw: String) -> Int? {
        let text = raw.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        guard let number = Int(text), number > 0 else { return nil }
        return number
    }
}

/// The placeholder values written in `.env.example`; a production server refuses them.
enum Placeholder {
    static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        return ["change-me", "changeme", "change_me", "replace-me", "placeholder", "your-"].contains { lower.contains($0) }
    }
}

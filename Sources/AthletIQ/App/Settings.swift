import AthletIQCore
import Foundation
import Logging

/// Every setting of the server, read once at start-up from the environment (see `SettingsLoader`)
/// and passed around as one value. Nothing else reads environment variables.
public struct Settings: Sendable {
    public var environment: AppEnvironment
    public var debug: Bool
    public var http: HTTPSettings
    public var dataDirectory: String
    public var database: DatabaseSettings
    public var secrets: SecretSettings
    public var cors: CORSSettings
    public var logging: LoggingSettings
    public var trustedProxies: [IPAddressRange]
    public var strava: StravaSettings?
    public var google: GoogleSettings?
    public var autoMigrate: Bool
    public var auth: AuthSettings
    public var rateLimits: RateLimitSettings

    public var isProduction: Bool { environment == .production }
}

public struct HTTPSettings: Sendable {
    public var host: String
    public var port: Int
    /// The backend's public address, without a trailing slash (e.g. `https://athletiq.example.org`).
    public var publicURL: String
    /// Where the browser app lives; the same as `publicURL` when the server renders the pages.
    public var frontendURL: String
    /// Largest request body accepted by ordinary endpoints, in bytes. Uploads have their own limit.
    public var maxBodyBytes: Int
    /// Largest upload accepted by the import endpoints, in bytes.
    public var maxUploadBytes: Int
    /// A connection that sends or receives nothing for this long is closed (half-sent headers
    /// included); an upload slower than `minUploadBytesPerSecond` after 30 s is cut off.
    public var idleTimeoutSeconds: Int
    public var minUploadBytesPerSecond: Int
    /// How long an upload's request waits for its import before answering 202 with the job
    /// (`UPLOAD_WAIT`); always well under the idle timeout, which would cut the waiting request.
    public var uploadWaitSeconds: Double = 20
    /// Bearer token `/metrics` requires (`METRICS_TOKEN`); without one, `/metrics` is open in
    /// development and off (404) in production.
    public var metricsToken: String?
    /// The map tiles' address with `{z}`, `{x}`, `{y}` (`MAP_TILE_URL`, OpenStreetMap's by
    /// default); nil (`off`): routes are drawn without tiles.
    public var mapTileURL: String? = MapTiles.openStreetMap

    /// The tile server's origin, the one other host the pages' policy lets images come from.
    public var mapTileOrigin: String? { mapTileURL.flatMap(MapTiles.origin) }
}

public enum DatabaseSettings: Sendable, Equatable {
    case sqlite(path: String)
    case sqliteInMemory
    case postgres(url: String, poolSize: Int, poolTimeoutSeconds: Int, connectTimeoutSeconds: Int)

    public var kind: String {
        switch self {
        case .sqlite, .sqliteInMemory: return "sqlite"
        case .postgres: return "postgres"
        }
    }
}

public struct SecretSettings: Sendable {
    /// HMAC key for access tokens (at least 32 bytes).
    public var jwtSecret: String
    /// The current AES-256 key for data at rest, then older keys still accepted for decryption.
    public var encryptionKeys: [Data]
}

public struct CORSSettings: Sendable {
    public var allowedOrigins: [String]
}

public enum LogFormat: String, Sendable {
    case text
    case json
}

public struct LoggingSettings: Sendable {
    public var level: Logger.Level
    public var format: LogFormat
    /// Optional file that receives the logs as well as stdout, rotated by size.
    public var file: String?
    public var fileMaxBytes: Int
    public var fileKeep: Int
}

public struct StravaSettings: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var apiURL: String
    public var oauthURL: String
    public var callbackURL: String
    public var webhookVerifyToken: String
    /// Where Strava delivers webhook events (our `/api/v1/webhooks/strava`).
    public var webhookCallbackURL: String
    /// The push subscription whose events we accept; when unset, the one recorded by
    /// `athletiq strava webhook subscribe` is used.
    public var webhookSubscriptionID: Int?
    /// The application's read limits (15 minutes, day) before Strava's headers say otherwise.
    public var readLimit: StravaLimitPair
    /// The application's overall limits (15 minutes, day).
    public var overallLimit: StravaLimitPair
    /// The share of each window kept for interactive actions (0...0.5).
    public var interactiveReserve: Double
    /// Whether `athletiq serve` runs the worker in-process (`embedded`) or leaves it to
    /// `athletiq worker` processes (`off`).
    public var embeddedWorker: Bool
    /// Jobs a worker process runs at once.
    public var workerConcurrency: Int
}

public struct GoogleSettings: Sendable {
    public var clientID: String
    public var clientSecret: String
    /// OpenID Connect discovery document (`.well-known/openid-configuration`).
    public var discoveryURL: String
    public var callbackURL: String
    /// Base URL of the Calendar API (`https://www.googleapis.com/calendar/v3`).
    public var calendarAPIURL: String
}

public struct AuthSettings: Sendable {
    /// Lifetime of an access token (JWT), in seconds.
    public var accessTokenSeconds: Int
    /// Lifetime of a session without use (its refresh token), in seconds.
    public var refreshTokenSeconds: Int
    /// Bcrypt cost for password hashes (12 in production; tests may lower it to stay fast).
    public var bcryptCost: Int
}

/// A limit of `count` events per `seconds`-long window.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var seconds: Int

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    /// Parses `5/1m`, `100/60s`, `3/1h`, `10/15m`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else { return nil }
        let units: [(Character, Int)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var window = parts[1]
        var factor = 1
        if let last = window.last, let unit = units.first(where: { $0.0 == last }) {
            factor = unit.1
            window.removeLast()
        }
        guard let amount = window.isEmpty ? 1 : Int(window), amount > 0, amount <= 86400 * 7 / factor else { return nil }
        self.count = count
        self.seconds = amount * factor
    }
}

public enum RateLimitStoreKind: String, Sendable {
    /// Counters in process memory: one instance only (the SQLite default).
    case memory
    /// Counters in the database, shared by every instance (the PostgreSQL default).
    case database
}

public struct RateLimitSettings: Sendable {
    public var enabled: Bool
    public var store: RateLimitStoreKind
    /// Login attempts per client IP.
    public var login: RateLimit
    /// Login attempts per account (against distributed guessing).
    public var loginPerAccount: RateLimit
    /// Sign-ups per client IP.
    public var signup: RateLimit
    /// Requests per signed-in user.
    public var user: RateLimit
    /// Webhook deliveries per source address (Strava's, or whoever found the address).
    public var webhook: RateLimit
}

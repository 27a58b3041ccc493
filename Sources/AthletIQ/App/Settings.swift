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

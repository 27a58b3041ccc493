import Fluent
import Foundation

/// A user's link to their Strava athlete: granted scopes, tokens (encrypted at rest, see
/// `TokenCipher`) and the state of the import of their history.
final class StravaConnection: Model, @unchecked Sendable {
    static let schema = "strava_connections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "athlete_id") var athleteID: Int64
    @OptionalField(key: "athlete_name") var athleteName: String?
    /// The scopes the athlete granted, comma-separated.
    @Field(key: "scopes") var scopes: String
    @Field(key: "access_token") var accessTokenSealed: String
    @Field(key: "refresh_token") var refreshTokenSealed: String
    /// When the access token expires, seconds since 1970.
    @Field(key: "expires_at") var expiresAt: Double
    /// `active`, or `reauthorize` when Strava refused the tokens (the user must connect again).
    @Field(key: "status") var status: String
    /// The serving number of this user's last job (round-robin fairness: lowest goes next).
    @OptionalField(key: "last_served_at") var lastServedAt: Double?
    /// Held while one process refreshes the tokens, so two never refresh at once.
    @OptionalField(key: "refresh_lock_until") var refreshLockUntil: Double?
    // The import of the athlete's history: resumable, its cursor kept here.
    /// `idle`, `running`, `done`, `failed`.
    @Field(key: "sync_status") var syncStatus: String
    /// Activities after this time (seconds since 1970); nil for everything.
    @OptionalField(key: "sync_after") var syncAfter: Double?
    /// Activities before this time: fixed when the sync starts, so pages stay stable.
    @OptionalField(key: "sync_before") var syncBefore: Double?
    /// The next page of `/athlete/activities` to fetch.
    @Field(key: "sync_page") var syncPage: Int
    @Field(key: "sync_fetched") var syncFetched: Int
    @OptionalField(key: "sync_period_days") var syncPeriodDays: Int?
    @OptionalField(key: "sync_started_at") var syncStartedAt: Date?
    @OptionalField(key: "sync_finished_at") var syncFinishedAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var scopeList: [String] { scopes.split(separator: ",").map { String($0) } }
}

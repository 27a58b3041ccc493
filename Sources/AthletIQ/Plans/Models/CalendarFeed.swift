import Fluent
import Foundation

/// A user's secret calendar feed address. The token is found by its hash; it is also kept sealed
/// so the settings page can show the address again. Regenerating replaces the row: the old
/// address stops working at once.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "token_sealed") var tokenSealed: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A user's Google Calendar authorization (tokens sealed like Strava's).
final class GoogleCalendarConnection: Model, @unchecked Sendable {
    static let schema = "google_calendar_connections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "access_token") var accessTokenSealed: String
    @OptionalField(key: "refresh_token") var refreshTokenSealed: String?
    @Field(key: "expires_at") var expiresAt: Double
    @Field(key: "scope") var scope: String
    /// The calendar plans are exported to by default.
    @OptionalField(key: "calendar_id") var calendarID: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

import Fluent
import Foundation

/// One unit of Strava work in the persistent queue: a page of the history (`sync`), the detail
/// and streams of a known activity (`enrich`), or an activity only known by id (`fetch`, from a
/// webhook). Claimed by one worker at a time under a lease (see `StravaJobQueue`).
final class StravaJob: Model, @unchecked Sendable {
    static let schema = "strava_jobs"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case sync, enrich, fetch
    }

    enum Status: String, Codable, Sendable {
        case pending, running, done, failed
    }

    /// Higher runs first; within a priority, users take turns.
    enum Priority {
        /// The user asked for this one now.
        static let userRequested = 100
        /// A newly connected athlete's first page of history and first three activities: served
        /// from the interactive share, so they see their data within minutes even when everyone
        /// else's work has spent the window.
        static let newcomer = 80
        /// A new activity announced by a webhook.
        static let webhook = 60
        /// A page of the history (summaries: the dashboard works on day one).
        static let sync = 50
        /// A user's most recent activities (the last two weeks, and at least their first three):
        /// ahead of everyone's deep history and not paced, so a newcomer sees real data soon.
        static let recent = 20
        /// Streams of an activity from the history: paced over the day.
        static let backfill = 10
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: Kind
    /// The Strava activity id (0 for a sync page).
    @Field(key: "strava_id") var stravaID: Int64
    @Field(key: "priority") var priority: Int
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    /// Not before this time (backoff, or the quota's next window), seconds since 1970.
    @Field(key: "run_after") var runAfter: Double
    /// Newer activities first within a user: the activity's start, seconds since 1970.
    @Field(key: "sort_key") var sortKey: Double
    @OptionalField(key: "lease_until") var leaseUntil: Double?
    @OptionalField(key: "leased_by") var leasedBy: String?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "finished_at") var finishedAt: Double?
    @Field(key: "created_at") var createdAt: Double

    init() {}
}

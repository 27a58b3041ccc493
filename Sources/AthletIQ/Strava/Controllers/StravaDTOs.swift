import Foundation
import Vapor

struct StravaStatusResponse: Content, APISchema {
    struct Sync: Content {
        var status: String
        var periodDays: Int?
        var fetched: Int
        var nextPage: Int
        var startedAt: Date?
        var finishedAt: Date?
    }

    struct Activities: Content {
        var total: Int
        var enriched: Int
        var waitingForEnrichment: Int
    }

    var configured: Bool
    var connected: Bool
    var athleteId: Int64?
    var athleteName: String?
    var scopes: [String]?
    /// False when the athlete granted `activity:read` only: private activities are not imported.
    var privateActivities: Bool?
    /// `active`, or `reauthorize` when Strava refused the tokens.
    var status: String?
    var connectedAt: Date?
    var lastError: String?
    var sync: Sync?
    var activities: Activities?

    static var schema: Schema {
        .object([
            .init("configured", .boolean), .init("connected", .boolean),
            .init("athlete_id", .integer, required: false), .init("athlete_name", .string, required: false),
            .init("scopes", .array(.string), required: false), .init("private_activities", .boolean, required: false),
            .init("status", .enumeration(["active", "reauthorize"]), required: false),
            .init("connected_at", .dateTime, required: false), .init("last_error", .string, required: false),
            .init("sync", .object([.init("status", .enumeration(["idle", "running", "done", "failed"])),
                                   .init("period_days", .integer, required: false), .init("fetched", .integer),
                                   .init("next_page", .integer), .init("started_at", .dateTime, required: false),
                                   .init("finished_at", .dateTime, required: false)]), required: false),
            .init("activities", .object([.init("total", .integer), .init("enriched", .integer),
                                         .init("waiting_for_enrichment", .integer)]), required: false),
        ])
    }
}

struct StravaSyncRequest: Content, APISchema {
    /// `7`, `30`, `90`, `365` or `all`.
    var period: String

    static var schema: Schema {
        .object([.init("period", .enumeration(["7", "30", "90", "365", "all"], description: "How far back to import"))])
    }
}

struct StravaQueueResponse: Content, APISchema {
    var pending: Int
    var running: Int
    var failed: Int
    /// Jobs of anyone that run before my next one (nil when I have none waiting).
    var position: Int?
    /// Seconds until my next job runs, from the quota's pace (nil when I have none waiting).
    var estimatedWaitSeconds: Double?
    /// Seconds until all my waiting jobs are done at the current pace.
    var estimatedCompletionSeconds: Double?
    var lastError: String?

    static var schema: Schema {
        .object([.init("pending", .integer), .init("running", .integer), .init("failed", .integer),
                 .init("position", .nullable(.integer), required: false),
                 .init("estimated_wait_seconds", .nullable(.number), required: false),
                 .init("estimated_completion_seconds", .nullable(.number), required: false),
                 .init("last_error", .nullable(.string), required: false)])
    }
}

struct StravaQueuedResponse: Content, APISchema {
    var queued: Int

    static var schema: Schema { .object([.init("queued", .integer)]) }
}

extension QuotaSnapshot: APISchema {
    static var schema: Schema {
        .object([
            .init("windows", .array(.object([
                .init("name", .string), .init("kind", .enumeration(["read", "overall"])),
                .init("period", .enumeration(["15min", "daily"])), .init("used", .integer), .init("limit", .integer),
                .init("reserved_for_interactive", .integer), .init("resets_at", .dateTime),
            ]))),
            .init("blocked_until", .nullable(.dateTime), required: false),
        ])
    }
}

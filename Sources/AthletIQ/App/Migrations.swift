import Fluent
import SQLKit
import Vapor

/// Every schema change, in order. A migration is never edited once it has landed: a change to
/// the schema is a new migration appended here.
enum AppMigrations {
    static var all: [any Migration] {
        [
            CreateUsers(),
            CreateAuthSessions(),
            CreateRefreshTokens(),
            CreateOAuthStates(),
            CreateRateLimitCounters(),
            CreateActivities(),
            CreateActivityStreams(),
            CreateActivityFiles(),
            CreateImportJobs(),
            CreateAthleteProfiles(),
            CreateBestEfforts(),
            AddActivityAnalysis(),
            AddActivityRaceFlag(),
            CreateStravaConnections(),
            CreateStravaJobs(),
            CreateStravaWebhookEvents(),
            CreateStravaQuotaAndState(),
            AddActivityStravaFields(),
            CreatePlannedWorkouts(),
            CreateCalendarFeeds(),
            AddActivityChangeIndex(),
            AddUserTimeZone(),
            AddActivityLegs(),
            AddActivityStravaDetailAt(),
            AddImportJobLeases(),
            AddHeartRateZoneMethod(),
            AddActivityRaceResult(),
            AddActivityNotesAndEffort(),
            CreateDurationCurvePoints(),
            CreateGoals(),
            CreateGear(),
        ]
    }

    /// Names of the migrations this build expects but the database has not applied.
    static func pending(on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var name: String }
        let applied = try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Row.self)
        let names = Set(applied.map(\.name))
        return all.map(\.name).filter { !names.contains($0) }
    }
}

import AthletIQCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A simulated day of a club's instance against a Strava stand-in: athletes connect through the
/// day (the real token exchange, sync, queue, quota and worker), on a clock that jumps through
/// the waits, so a whole day runs in about a minute. `athletiq-bench strava-day` prints it.
public enum BenchStravaDay {
    public struct Plan: Sendable {
        public var users = 50
        /// Athletes already connected at midnight; the rest connect one by one through the day.
        public var connectedAtStart = 25
        public var arrivalEvery: TimeInterval = 30 * 60
        public var firstArrival: TimeInterval = 6 * 3600
        public init() {}
    }

    /// How the stand-in is reached and driven.
    public struct Strava: Sendable {
        public var apiURL: String
        public var oauthURL: String
        public var clientID: String
        public var clientSecret: String
        /// Makes the stand-in's authorize page consent as this athlete next.
        public var consent: @Sendable (Int64) -> Void
        public init(apiURL: String, oauthURL: String, clientID: String, clientSecret: String, consent: @escaping @Sendable (Int64) -> Void) {
            self.apiURL = apiURL
            self.oauthURL = oauthURL
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.consent = consent
        }
    }

    public struct Result: Sendable {
        public var enriched = 0
        public var activitiesKnown = 0
        /// Seconds from an athlete's connection to their first fully fetched activity.
        public var firstActivityWaits: [Double] = []
        /// Seconds from an athlete's connection to their summaries (the dashboard) being there.
        public var summaryWaits: [Double] = []
        public var enrichedPerUser: [Int] = []
        /// (minutes after midnight the athlete connected, minutes waited for their first activity), worst first.
        public var slowestFirsts: [(Double, Double)] = []
        public var wallSeconds = 0.0
    }

    public static func run(plan: Plan, strava: Strava, clock: ManualClock, dataDirectory: String,
                           athleteID: @Sendable (Int) -> Int64) async throws -> Result {
        try await withApp(strava: strava, clock: clock, dataDirectory: dataDirectory) { app in
            try await simulate(app: app, plan: plan, strava: strava, clock: clock, athleteID: athleteID)
        }
    }

    /// A migrated app on SQLite under `dataDirectory` (or `BENCH_DATABASE_URL`), wired to the
    /// stand-in, on `clock`.
    static func withApp<T>(strava: Strava, clock: ManualClock, dataDirectory: String,
                           _ body: (Application) async throws -> T) async throws -> T {
        var environment = ["ENVIRONMENT": "testing", "DATA_DIR": dataDirectory, "LOG_LEVEL": "error",
                           "STRAVA_CLIENT_ID": strava.clientID, "STRAVA_CLIENT_SECRET": strava.clientSecret,
                           "STRAVA_API_URL": strava.apiURL, "STRAVA_OAUTH_URL": strava.oauthURL]
        // An empty PostgreSQL database to run on instead of SQLite.
        if let url = ProcessInfo.processInfo.environment["BENCH_DATABASE_URL"] { environment["DATABASE_URL"] = url }
        let loaded = SettingsLoader.load(environment: environment, persistDevelopmentSecrets: false)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: loaded.settings)
            try await app.autoMigrate()
            app.clock = clock
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private static func simulate(app: Application, plan: Plan, strava: Strava, clock: ManualClock,
                                 athleteID: @Sendable (Int) -> Int64) async throws -> Result {
        let wall = ContinuousClock().now
        let dayStart = clock.now()
        let dayEnd = dayStart.addingTimeInterval(86_400)
        let arrivals = (0..<plan.users).map { index -> (Int, Date) in
            let late = index - plan.connectedAtStart
            let at = late < 0 ? dayStart : dayStart.addingTimeInterval(plan.firstArrival + Double(late) * plan.arrivalEvery)
            return (index, at)
        }
        var connectedAt: [UUID: Date] = [:]
        for (index, at) in arrivals {
            await app.stravaWorker.runUntilIdle(until: at)
            if clock.now() < at { clock.set(at) }
            let userID = try await connect(app: app, index: index, athleteID: athleteID(index), strava: strava)
            connectedAt[userID] = clock.now()
        }
        await app.stravaWorker.runUntilIdle(until: dayEnd)
        await app.analysisTasks.waitForAll()

        var result = Result()
        for (userID, connected) in connectedAt {
            let activities = try await Activity.query(on: app.db).filter(\.$user.$id == userID).all()
            result.activitiesKnown += activities.count
            let enriched = activities.compactMap(\.enrichedAt)
            result.enriched += enriched.count
            result.enrichedPerUser.append(enriched.count)
            let wait = (enriched.min() ?? dayEnd).timeIntervalSince(connected)
            result.firstActivityWaits.append(wait)
            result.slowestFirsts.append((connected.timeIntervalSince(dayStart) / 60, wait / 60))
            if let finished = try await StravaConnection.query(on: app.db).filter(\.$user.$id == userID).first()?.syncFinishedAt {
                result.summaryWaits.append(max(0, finished.timeIntervalSince(connected)))
            }
        }
        result.slowestFirsts = Array(result.slowestFirsts.sorted { $0.1 > $1.1 }.prefix(5))
        let elapsed = ContinuousClock().now - wall
        result.wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }

    /// The real connection path minus the browser: the stand-in's authorize page gives a code,
    /// which the token service exchanges; then the history sync starts.
    static func connect(app: Application, index: Int, athleteID: Int64, strava: Strava) async throws -> UUID {
        let user = User(email: "athlete\(index)@example.org", fullName: "Athlete \(index)", passwordHash: nil)
        try await user.create(on: app.db)
        guard let services = StravaServices(application: app) else { throw Abort(.internalServerError) }
        strava.consent(athleteID)
        let authorize = "\(strava.oauthURL)/authorize?client_id=\(strava.clientID)&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&scope=read,activity:read_all&state=s"
        let consent = try await app.client.get(URI(string: authorize))
        guard let location = consent.headers.first(name: .location),
              let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value else {
            throw Abort(.badGateway, reason: "no code from the stand-in")
        }
        let tokens = try await services.tokens.exchange(code: code)
        let connection = StravaConnection()
        connection.$user.id = try user.requireID()
        connection.athleteID = tokens.athlete?.id ?? athleteID
        connection.scopes = "activity:read_all,read"
        connection.syncStatus = "idle"
        connection.syncPage = 1
        connection.syncFetched = 0
        try services.tokens.store(tokens, in: connection)
        try await connection.create(on: app.db)
        try await StravaSync(services: services).startIncremental(connection, newcomer: true)
        return try user.requireID()
    }
}

import AthletIQCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A stand-in for Strava over real HTTP, for tests and local demos: OAuth (authorize, token,
/// refresh with rotating tokens and expiries, deauthorize), the API endpoints a sync uses with
/// Strava's JSON shapes and pagination, its rate limits with their headers and 429s in Strava's
/// windows, the push subscription (with the callback challenge) and webhook delivery, and faults
/// that can be switched on (5xx, slow answers, 429, revoked tokens).
public final class StravaSimulator: Sendable {
    public struct Configuration: Sendable {
        public var clientID = "12345"
        public var clientSecret = "simulated-client-secret"
        public var readLimit = StravaLimitPair(short: 100, daily: 1000)
        public var overallLimit = StravaLimitPair(short: 200, daily: 2000)
        /// Lifetime of an access token (Strava: 6 hours).
        public var tokenLifetime: TimeInterval = 21_600
        /// The simulator's time (a simulation passes its own clock).
        public var now: @Sendable () -> Date = { Date() }
        public var host = "127.0.0.1"
        /// 0 picks a free port.
        public var port = 0
        /// Serve the `/_sim` control API (demos and the scale-out test).
        public var adminAPI = false

        public init() {}
    }

    public let configuration: Configuration
    let app: Application
    let state = NIOLockedValueBox(SimulatorState())
    private let base = NIOLockedValueBox("")

    public var baseURL: String { base.withLockedValue { $0 } }
    public var apiURL: String { baseURL + "/api/v3" }
    public var oauthURL: String { baseURL + "/oauth" }
    public var stats: SimulatorStats { state.withLockedValue { $0.stats } }

    private init(app: Application, configuration: Configuration) {
        self.app = app
        self.configuration = configuration
    }

    public static func start(_ configuration: Configuration = Configuration()) async throws -> StravaSimulator {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(5))
        let simulator = StravaSimulator(app: app, configuration: configuration)
        simulator.registerOAuth()
        simulator.registerAPI()
        if configuration.adminAPI { simulator.registerAdmin() }
        do {
            try await app.server.start(address: .hostname(configuration.host, port: configuration.port))
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
            simulator.base.withLockedValue { $0 = "http://\(configuration.host):\(port)" }
        } catch {
            await simulator.shutdown()
            throw error
        }
        return simulator
    }

    public func shutdown() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    // MARK: - Data

    public func addAthlete(id: Int64, firstname: String = "Sam", lastname: String = "Trail") {
        state.withLockedValue { $0.athletes[id] = SimulatedAthlete(id: id, firstname: firstname, lastname: lastname) }
    }

    /// Adds an activity and returns its id.
    @discardableResult
    public func addActivity(athleteID: Int64, sportType: String = "Run", start: Date, seconds: Int = 3600,
                            name: String? = nil, isPrivate: Bool = false, manual: Bool = false, description: String? = nil,
                            workoutType: Int? = nil) -> Int64 {
        state.withLockedValue { state in
            let id = state.nextActivityID
            state.nextActivityID += 1
            let sport = StravaSportTypes.sport(sportType)
            let speed = sport.family == .cycling ? 7.4 : (sport.family == .walking ? 1.4 : 3.0)
            state.activities[id] = SimulatedActivity(
                id: id, athleteID: athleteID, name: name ?? "\(sportType) \(id % 1000)", sportType: sportType, start: start,
                elapsedSeconds: max(60, seconds), distance: (speed * Double(max(60, seconds)) * 0.97).rounded(),
                elevationGain: (Double(seconds) / 30).rounded(), isPrivate: isPrivate, manual: manual,
                description: description, seed: UInt64(truncatingIfNeeded: id), workoutType: workoutType)
            return id
        }
    }

    /// Adds `count` activities, one every `spacing` seconds back from `newest`.
    @discardableResult
    public func addHistory(athleteID: Int64, count: Int, newest: Date, spacing: TimeInterval = 86_400, seconds: Int = 1800) -> [Int64] {
        (0..<count).map { index in
            addActivity(athleteID: athleteID, sportType: index % 3 == 2 ? "Ride" : "Run",
                        start: newest.addingTimeInterval(-Double(index) * spacing), seconds: seconds)
        }
    }

    public func activity(_ id: Int64) -> SimulatedActivity? {
        state.withLockedValue { $0.activities[id] }
    }

    public func updateActivity(_ id: Int64, name: String? = nil, sportType: String? = nil, isPrivate: Bool? = nil) {
        state.withLockedValue { state in
            guard var activity = state.activities[id] else { return }
            if let name { activity.name = name }
            if let sportType { activity.sportType = sportType }
            if let isPrivate { activity.isPrivate = isPrivate }
            state.activities[id] = activity
        }
    }

    public func deleteActivity(_ id: Int64) {
        _ = state.withLockedValue { $0.activities.removeValue(forKey: id) }
    }

    // MARK: - Knobs

    /// What the next visit to the authorize page answers.
    public func setConsent(_ consent: SimulatedConsent) {
        state.withLockedValue { $0.consent = consent }
    }

    public func setFaults(_ faults: SimulatedFaults) {
        state.withLockedValue { $0.faults = faults }
    }

    /// Revokes every token of an athlete (as when they remove the app in Strava's settings).
    public func revokeTokens(athleteID: Int64) {
        state.withLockedValue { state in
            let tokens = state.grants.filter { $0.value.athleteID == athleteID }
            for (access, grant) in tokens {
                state.grants.removeValue(forKey: access)
                state.refreshTokens.removeValue(forKey: grant.refreshToken)
            }
        }
    }

    /// Makes an athlete's access tokens expire now (the next call needs a refresh).
    public func expireTokens(athleteID: Int64) {
        let now = configuration.now()
        state.withLockedValue { state in
            for (access, grant) in state.grants where grant.athleteID == athleteID {
                state.grants[access]?.expiresAt = now.addingTimeInterval(-1)
            }
        }
    }

    /// The access tokens currently valid (a test checks they never reach the database).
    public func accessTokens(athleteID: Int64) -> [String] {
        state.withLockedValue { $0.grants.values.filter { $0.athleteID == athleteID }.map(\.accessToken) }
    }

    public func refreshTokens(athleteID: Int64) -> [String] {
        state.withLockedValue { $0.grants.values.filter { $0.athleteID == athleteID }.map(\.refreshToken) }
    }

    public var subscriptionID: Int64? { state.withLockedValue { $0.subscription?.id } }
    /// Where the subscription delivers events.
    public var callbackURL: String? { state.withLockedValue { $0.subscription?.callbackURL } }

    /// Usage of the current read windows.
    public func readUsage() -> StravaLimitPair {
        let now = configuration.now()
        return state.withLockedValue { state in
            StravaLimitPair(short: state.usage[Self.key("read", "15m", StravaRateWindows.shortStart(now))] ?? 0,
                            daily: state.usage[Self.key("read", "day", StravaRateWindows.dayStart(now))] ?? 0)
        }
    }

    static func key(_ kind: String, _ period: String, _ start: Int64) -> String { "\(kind):\(period):\(start)" }

    static func json(_ object: Any, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) -> Response {
        var headers = headers
        headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

import AthletIQCore
import Foundation

/// An athlete of the simulated Strava.
public struct SimulatedAthlete: Sendable {
    public var id: Int64
    public var firstname: String
    public var lastname: String
}

/// An activity of the simulated Strava. Its streams are generated on request from `seed`.
public struct SimulatedActivity: Sendable {
    public var id: Int64
    public var athleteID: Int64
    public var name: String
    public var sportType: String
    public var start: Date
    public var elapsedSeconds: Int
    public var distance: Double
    public var elevationGain: Double
    public var isPrivate: Bool
    public var manual: Bool
    public var description: String?
    public var seed: UInt64
    public var workoutType: Int?
}

/// A granted authorization: what the token endpoint hands out and the API accepts.
struct SimulatedGrant: Sendable {
    var athleteID: Int64
    var scopes: Set<String>
    var accessToken: String
    var refreshToken: String
    var expiresAt: Date
}

/// What the next visit to the authorize page answers (a real athlete would click).
public struct SimulatedConsent: Sendable {
    public var athleteID: Int64
    /// The scopes the athlete leaves ticked; nil grants what was asked.
    public var scopes: [String]?
    public var deny: Bool

    public init(athleteID: Int64, scopes: [String]? = nil, deny: Bool = false) {
        self.athleteID = athleteID
        self.scopes = scopes
        self.deny = deny
    }
}

/// Faults to inject into the next API requests.
public struct SimulatedFaults: Sendable {
    /// The next this-many API requests answer 503.
    public var serverErrors = 0
    /// When set, `serverErrors` hit only requests whose path contains this ("/streams").
    public var serverErrorsPath: String?
    /// The next this-many API requests answer 429 whatever the usage.
    public var forcedRateLimits = 0
    /// The next this-many API requests take `slowSeconds` to answer.
    public var slowRequests = 0
    public var slowSeconds = 0.0

    public init() {}
}

/// What the simulator saw: the figures a test or a simulation checks.
public struct SimulatorStats: Sendable {
    /// Every request to the API (`/api/v3`).
    public var apiRequests = 0
    public var readRequests = 0
    /// Requests answered 429 (over the limits, or forced).
    public var rateLimited = 0
    /// Requests that arrived while a limit was already spent: a well-behaved client makes none.
    public var overLimit = 0
    /// Highest usage seen in any 15-minute and any daily read window.
    public var maxShortReadUsage = 0
    public var maxDailyReadUsage = 0
    public var tokenRequests = 0
    public var refreshes = 0
    public var byPath: [String: Int] = [:]
    public var webhookDeliveries = 0
    /// Detail and stream requests per activity id (a correct client fetches each once).
    public var detailsByActivity: [Int64: Int] = [:]
    public var streamsByActivity: [Int64: Int] = [:]
}

struct SimulatorState: Sendable {
    var athletes: [Int64: SimulatedAthlete] = [:]
    var activities: [Int64: SimulatedActivity] = [:]
    var nextActivityID: Int64 = 10_000_000_001
    var grants: [String: SimulatedGrant] = [:]          // by access token
    var refreshTokens: [String: String] = [:]           // refresh token -> access token
    var codes: [String: (athleteID: Int64, scopes: Set<String>, redirectURI: String)] = [:]
    var consent: SimulatedConsent?
    var faults = SimulatedFaults()
    var stats = SimulatorStats()
    /// Usage by window key (`read:15m:<start>`...).
    var usage: [String: Int] = [:]
    var subscription: (id: Int64, callbackURL: String, verifyToken: String, createdAt: Date)?
    var nextSubscriptionID: Int64 = 1
}

import Foundation

/// The parts of Strava's JSON payloads we read (SummaryActivity and DetailedActivity share
/// one shape; the detail fills more of it). Everything but the id may be missing or null.
struct StravaActivityPayload: Decodable, Sendable {
    struct AthleteRef: Decodable, Sendable { var id: Int64? }
    struct Gear: Decodable, Sendable { var id: String?; var name: String? }
    struct Lap: Decodable, Sendable {
        var startDate: Date?
        var elapsedTime: Double?
        var movingTime: Double?
        var distance: Double?
        var totalElevationGain: Double?
        var averageSpeed: Double?
        var maxSpeed: Double?
        var averageHeartrate: Double?
        var maxHeartrate: Double?
        var averageCadence: Double?
        var averageWatts: Double?
    }

    var id: Int64
    var athlete: AthleteRef?
    var name: String?
    var description: String?
    var distance: Double?
    var movingTime: Double?
    var elapsedTime: Double?
    var totalElevationGain: Double?
    var elevHigh: Double?
    var elevLow: Double?
    var type: String?
    var sportType: String?
    var workoutType: Int?
    var startDate: Date?
    var startLatlng: [Double]?
    var averageSpeed: Double?
    var maxSpeed: Double?
    var averageCadence: Double?
    var averageWatts: Double?
    var maxWatts: Double?
    var averageHeartrate: Double?
    var maxHeartrate: Double?
    var hasHeartrate: Bool?
    var calories: Double?
    var kilojoules: Double?
    var deviceName: String?
    var gearId: String?
    var gear: Gear?
    var `private`: Bool?
    var visibility: String?
    var manual: Bool?
    var trainer: Bool?
    var laps: [Lap]?

    /// Strava's workout types that mean "race": 1 for runs, 11 for rides.
    var isRace: Bool { workoutType == 1 || workoutType == 11 }

    var isPrivate: Bool { `private` == true || visibility == "only_me" }
}

/// The token endpoint's answer (code exchange and refresh).
struct StravaTokenPayload: Decodable, Sendable {
    struct Athlete: Decodable, Sendable {
        var id: Int64
        var firstname: String?
        var lastname: String?
    }

    var tokenType: String?
    var accessToken: String
    var refreshToken: String
    var expiresAt: Double
    var expiresIn: Double?
    var athlete: Athlete?
}

/// A push subscription as `GET /push_subscriptions` lists it.
struct StravaSubscriptionPayload: Codable, Sendable {
    var id: Int64
    var callbackUrl: String?
    var createdAt: String?
}

extension JSONDecoder {
    /// Strava's JSON: snake_case keys, ISO-8601 dates.
    static var strava: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = StravaDates.parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO-8601 date: \(text)"))
        }
        return decoder
    }
}

enum StravaDates {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

/// The parts of the DetailedAthlete we read: their gear (given with `profile:read_all`).
struct StravaAthletePayload: Decodable, Sendable {
    struct Gear: Decodable, Sendable {
        var id: String?
        var name: String?
        var retired: Bool?
    }
    var bikes: [Gear]?
    var shoes: [Gear]?
}

import Fluent
import Foundation

/// The athlete's physiology from a date on. Several rows make a history: an activity is analysed
/// with the row in force on its date. Unset values are estimated from the athlete's data.
final class AthleteProfile: Model, @unchecked Sendable {
    static let schema = "athlete_profiles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "effective_from") var effectiveFrom: Date
    @OptionalField(key: "max_heart_rate") var maxHeartRate: Double?
    @OptionalField(key: "resting_heart_rate") var restingHeartRate: Double?
    @OptionalField(key: "threshold_heart_rate") var thresholdHeartRate: Double?
    /// Threshold speed in m/s (about one-hour race pace).
    @OptionalField(key: "threshold_speed") var thresholdSpeed: Double?
    @OptionalField(key: "ftp") var ftp: Double?
    @OptionalField(key: "weight") var weight: Double?
    /// `male`, `female` or nil (TRIMP constants).
    @OptionalField(key: "sex") var sex: String?
    /// `heart_rate_reserve`, `lactate_threshold` or nil (from the threshold when known).
    @OptionalField(key: "heart_rate_zone_method") var heartRateZoneMethod: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A best effort inside an activity (fastest 5 km, best 20-minute power...), for records.
final class BestEffortRecord: Model, @unchecked Sendable {
    static let schema = "best_efforts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "activity_id") var activity: Activity
    /// `5k`, `half_marathon`, `power_20min`...
    @Field(key: "name") var name: String
    /// Seconds for distances, watts for power.
    @Field(key: "value") var value: Double
    @Field(key: "start_date") var startDate: Date
    @Field(key: "sport_family") var sportFamily: String

    init() {}
}

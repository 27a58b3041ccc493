import Fluent
import Foundation

/// One activity of a user, from a file or from Strava: its summary, indexed for lists and
/// statistics. Its samples and original file live in their own tables.
final class Activity: Model, @unchecked Sendable {
    static let schema = "activities"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// `file` (uploaded or imported) or `strava` (fetched through the API).
    @Field(key: "source") var source: String
    @OptionalField(key: "strava_id") var stravaID: Int64?
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var descriptionText: String?
    @Field(key: "sport") var sport: String
    /// The sport as the source named it (`running`, `TrailRun`...).
    @OptionalField(key: "sport_name") var sportName: String?
    /// Set when the user corrected the sport: later updates from the source keep the correction.
    @Field(key: "sport_locked") var sportLocked: Bool
    @Field(key: "start_date") var startDate: Date
    @Field(key: "elapsed_time") var elapsedTime: Double
    @OptionalField(key: "moving_time") var movingTime: Double?
    @OptionalField(key: "distance") var distance: Double?
    @OptionalField(key: "ascent") var ascent: Double?
    @OptionalField(key: "descent") var descent: Double?
    @OptionalField(key: "average_heart_rate") var averageHeartRate: Double?
    @OptionalField(key: "max_heart_rate") var maxHeartRate: Double?
    @OptionalField(key: "average_speed") var averageSpeed: Double?
    @OptionalField(key: "max_speed") var maxSpeed: Double?
    @OptionalField(key: "average_cadence") var averageCadence: Double?
    @OptionalField(key: "average_power") var averagePower: Double?
    @OptionalField(key: "max_power") var maxPower: Double?
    @OptionalField(key: "calories") var calories: Double?
    @OptionalField(key: "device") var device: String?
    /// The gear's name, kept with the link for lists and exports (renaming the gear renames it here).
    @OptionalField(key: "gear") var gear: String?
    @OptionalField(key: "gear_id") var gearID: UUID?
    @OptionalField(key: "start_latitude") var startLatitude: Double?
    @OptionalField(key: "start_longitude") var startLongitude: Double?
    /// Samples are stored (from a file, or fetched from Strava).
    @Field(key: "has_samples") var hasSamples: Bool
    @Field(key: "sample_count") var sampleCount: Int
    @Field(key: "has_position") var hasPosition: Bool
    @Field(key: "has_heart_rate") var hasHeartRate: Bool
    @Field(key: "has_power") var hasPower: Bool
    /// The laps as JSON (a small array of summaries).
    @OptionalField(key: "laps_json") var lapsJSON: String?
    /// SHA-256 of the original file, to recognise the same file uploaded twice.
    @OptionalField(key: "file_sha256") var fileSHA256: String?
    /// Legs of one multisport event share this id; `legIndex` orders them.
    @OptionalField(key: "multisport_id") var multisportID: UUID?
    @OptionalField(key: "leg_index") var legIndex: Int?
    // The analysis (see Analytics): the load used for fitness and the full result as JSON.
    @OptionalField(key: "load") var load: Double?
    @OptionalField(key: "load_source") var loadSource: String?
    @OptionalField(key: "trimp") var trimp: Double?
    @OptionalField(key: "heart_rate_stress") var heartRateStress: Double?
    @OptionalField(key: "running_stress") var runningStress: Double?
    @OptionalField(key: "power_stress") var powerStress: Double?
    @OptionalField(key: "grade_adjusted_speed") var gradeAdjustedSpeed: Double?
    @OptionalField(key: "analysis_json") var analysisJSON: String?
    /// A race: predictions are checked against it.
    @Field(key: "is_race") var isRace: Bool
    /// A race's official distance (m) and time (s), when the athlete gave them.
    @OptionalField(key: "race_distance") var raceDistance: Double?
    /// The athlete's own notes (never shared) and how hard it felt, 1 to 10.
    @OptionalField(key: "private_notes") var privateNotes: String?
    @OptionalField(key: "perceived_effort") var perceivedEffort: Int?
    @OptionalField(key: "race_time") var raceTime: Double?
    /// Private ("Only you") on Strava.
    @Field(key: "is_private") var isPrivate: Bool
    /// When the detail and streams were fetched from Strava (nil: only the summary is known).
    @OptionalField(key: "enriched_at") var enrichedAt: Date?
    /// When Strava's detail was stored (the streams may still be missing).
    @OptionalField(key: "strava_detail_at") var stravaDetailAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {
        isRace = false
        isPrivate = false
    }
}

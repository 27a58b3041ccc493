import Fluent
import Foundation

/// A session of a user's training plan.
final class PlannedWorkout: Model, @unchecked Sendable {
    static let schema = "planned_workouts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// `YYYY-MM-DD`.
    @Field(key: "date") var date: String
    /// `HH:MM` (UTC) when set.
    @OptionalField(key: "time") var time: String?
    @Field(key: "name") var name: String
    /// A `WorkoutType` raw value.
    @Field(key: "type") var type: String
    /// A `Sport` raw value.
    @Field(key: "sport") var sport: String
    @OptionalField(key: "distance") var distance: Double?
    @OptionalField(key: "duration") var duration: Double?
    @OptionalField(key: "target_speed") var targetSpeed: Double?
    @OptionalField(key: "elevation_gain") var elevationGain: Double?
    @OptionalField(key: "zone") var zone: Int?
    @OptionalField(key: "description") var descriptionText: String?
    @OptionalField(key: "coach_notes") var coachNotes: String?
    @OptionalField(key: "phase") var phase: String?
    @OptionalField(key: "week") var week: Int?
    @OptionalField(key: "rpe") var rpe: Int?
    @Field(key: "completed") var completed: Bool
    @OptionalField(key: "completion_percentage") var completionPercentage: Double?
    /// The structured workout (`[WorkoutStep]`) as JSON.
    @OptionalField(key: "steps_json") var stepsJSON: String?
    /// `manual`, `file` (a coach file or CSV) or `google` (a Google Calendar event).
    @Field(key: "source") var source: String
    /// Identifies the session within its source (a file's date and rank, an event id), so a
    /// second import updates rather than duplicates.
    @OptionalField(key: "source_key") var sourceKey: String?
    /// The activity linked by hand.
    @OptionalField(key: "linked_activity_id") var linkedActivityID: UUID?
    /// Unlinked by hand: automatic matching leaves it alone.
    @Field(key: "unlinked") var unlinked: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {
        completed = false
        unlinked = false
        source = "manual"
    }
}

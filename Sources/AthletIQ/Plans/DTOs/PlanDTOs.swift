import AthletIQCore
import Foundation
import Vapor

/// A planned session as the API shows it (SI units: m, s, m/s).
struct PlanResponse: Content, APISchema {
    var id: UUID
    var date: String
    var time: String?
    var name: String
    var type: String
    var sport: String
    var distance: Double?
    var duration: Double?
    var targetSpeed: Double?
    var elevationGain: Double?
    var zone: Int?
    var description: String?
    var coachNotes: String?
    var phase: String?
    var week: Int?
    var rpe: Int?
    var completed: Bool
    var completionPercentage: Double?
    var steps: [WorkoutStep]?
    var source: String
    var linkedActivityId: UUID?

    init(_ plan: PlannedWorkout) throws {
        id = try plan.requireID()
        date = plan.date
        time = plan.time
        name = plan.name
        type = plan.type
        sport = plan.sport
        distance = plan.distance
        duration = plan.duration
        targetSpeed = plan.targetSpeed
        elevationGain = plan.elevationGain
        zone = plan.zone
        description = plan.descriptionText
        coachNotes = plan.coachNotes
        phase = plan.phase
        week = plan.week
        rpe = plan.rpe
        completed = plan.completed
        completionPercentage = plan.completionPercentage
        steps = plan.stepsJSON.flatMap { try? JSONDecoder.api.decode([WorkoutStep].self, from: Data($0.utf8)) }
        source = plan.source
        linkedActivityId = plan.linkedActivityID
    }

    static var schema: Schema {
        .object([
            .init("id", .string(format: "uuid")), .init("date", .string(format: "date")),
            .init("time", .string(description: "HH:MM, the athlete's local time (their time_zone)"), required: false), .init("name", .string),
            .init("type", .enumeration(WorkoutType.allCases.map(\.rawValue))), .init("sport", .enumeration(Sport.allCases.map(\.rawValue))),
            .init("distance", .number(description: "metres"), required: false), .init("duration", .number(description: "seconds"), required: false),
            .init("target_speed", .number(description: "m/s"), required: false), .init("elevation_gain", .number(description: "metres"), required: false),
            .init("zone", .integer(description: "1 to 5"), required: false), .init("description", .string, required: false),
            .init("coach_notes", .string, required: false), .init("phase", .string, required: false), .init("week", .integer, required: false),
            .init("rpe", .integer(description: "1 to 10"), required: false), .init("completed", .boolean),
            .init("completion_percentage", .number, required: false), .init("steps", .array(.reference("WorkoutStepSchema")), required: false),
            .init("source", .enumeration(["manual", "file", "google"])), .init("linked_activity_id", .string(format: "uuid"), required: false),
        ])
    }

    static var related: [any APISchema.Type] { [WorkoutStepSchema.self] }
}

/// The structured workout's step, for the API document.
enum WorkoutStepSchema: APISchema {
    static var schema: Schema {
        .object([
            .init("kind", .enumeration(WorkoutStep.Kind.allCases.map(\.rawValue))),
            .init("duration", .number(description: "seconds"), required: false), .init("distance", .number(description: "metres"), required: false),
            .init("target", .object([.init("kind", .enumeration(["pace", "heart_rate", "power", "zone", "rpe"])),
                                     .init("low", .number, required: false), .init("high", .number, required: false)]), required: false),
            .init("count", .integer(description: "for repeats"), required: false),
            .init("steps", .array(.reference("WorkoutStepSchema")), required: false), .init("note", .string, required: false),
        ])
    }
}

/// Creating or changing a session: every field optional on a change (PATCH semantics);
/// `date` and a `name` or `type` are needed to create one.
struct PlanRequest: Content, APISchema {
    var date: String?
    var time: String?
    var name: String?
    var type: String?
    var sport: String?
    var distance: Double?
    var duration: Double?
    var targetSpeed: Double?
    var elevationGain: Double?
    var zone: Int?
    var description: String?
    var coachNotes: String?
    var phase: String?
    var week: Int?
    var rpe: Int?
    var completed: Bool?
    var completionPercentage: Double?
    var steps: [WorkoutStep]?

    static var schema: Schema {
        .object([
            .init("date", .string(format: "date"), required: false), .init("time", .string(description: "HH:MM, the athlete's local time (their time_zone)"), required: false),
            .init("name", .string, required: false), .init("type", .enumeration(WorkoutType.allCases.map(\.rawValue)), required: false),
            .init("sport", .enumeration(Sport.allCases.map(\.rawValue)), required: false),
            .init("distance", .number, required: false), .init("duration", .number, required: false),
            .init("target_speed", .number, required: false), .init("elevation_gain", .number, required: false),
            .init("zone", .integer, required: false), .init("description", .string, required: false),
            .init("coach_notes", .string, required: false), .init("phase", .string, required: false),
            .init("week", .integer, required: false), .init("rpe", .integer, required: false),
            .init("completed", .boolean, required: false), .init("completion_percentage", .number, required: false),
            .init("steps", .array(.reference("WorkoutStepSchema")), required: false),
        ])
    }

    static var related: [any APISchema.Type] { [WorkoutStepSchema.self] }
}

struct PlanPage: Content, APISchema {
    var items: [PlanResponse]
    var total: Int
    var page: Int
    var perPage: Int

    static var schema: Schema {
        .object([.init("items", .array(.reference("PlanResponse"))), .init("total", .integer), .init("page", .integer), .init("per_page", .integer)])
    }

    static var related: [any APISchema.Type] { [PlanResponse.self] }
}

/// Marking a session done (or not).
struct CompletionRequest: Content, APISchema {
    var completed: Bool
    var percentage: Double?

    static var schema: Schema {
        .object([.init("completed", .boolean), .init("percentage", .number(description: "0 to 100"), required: false)])
    }
}

struct LinkRequest: Content, APISchema {
    var activityId: UUID

    static var schema: Schema { .object([.init("activity_id", .string(format: "uuid"))]) }
}

import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Planned sessions of one user: validation, creation, changes, listing.
struct PlanService {
    let database: any Database
    let userID: UUID

    /// The session of this user, or 404 (also for another user's).
    func find(_ id: UUID?) async throws -> PlannedWorkout {
        guard let id, let plan = try await PlannedWorkout.query(on: database).filter(\.$id == id)
            .filter(\.$user.$id == userID).first() else { throw APIError.notFound("planned session") }
        return plan
    }

    func create(_ input: PlanRequest) async throws -> PlannedWorkout {
        guard input.date != nil else { throw APIError.validation("date is required (YYYY-MM-DD).") }
        guard input.name?.trimmingCharacters(in: .whitespaces).isEmpty == false || input.type != nil else {
            throw APIError.validation("Give the session a name or a type.")
        }
        let plan = PlannedWorkout()
        plan.$user.id = userID
        try apply(input, to: plan, creating: true)
        try await plan.create(on: database)
        return plan
    }

    func update(_ plan: PlannedWorkout, with input: PlanRequest) async throws {
        try apply(input, to: plan, creating: false)
        try await plan.save(on: database)
    }

    /// Copies the given fields after checking each; unknown types and out-of-range numbers are
    /// refused with a message naming the field.
    func apply(_ input: PlanRequest, to plan: PlannedWorkout, creating: Bool) throws {
        if let date = input.date {
            guard let valid = try? PlanValues.date(date), valid == date else { throw APIError.validation("date must be YYYY-MM-DD.") }
            plan.date = valid
        }
        if let time = input.time {
            if time.isEmpty { plan.time = nil } else {
                guard let valid = try? PlanValues.time(time), valid == time else { throw APIError.validation("time must be HH:MM.") }
                plan.time = valid
            }
        }
        var type = WorkoutType(rawValue: plan.$type.value ?? "") ?? .other
        if let raw = input.type {
            guard let parsed = WorkoutType(rawValue: raw) else {
                throw APIError.validation("Unknown type; use one of: \(WorkoutType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            type = parsed
            plan.type = parsed.rawValue
            if input.sport == nil { plan.sport = parsed.sport.rawValue }
        } else if creating {
            plan.type = WorkoutType.other.rawValue
        }
        if let sport = input.sport {
            guard Sport(rawValue: sport) != nil else { throw APIError.validation("Unknown sport.") }
            plan.sport = sport
        } else if creating && input.type == nil {
            plan.sport = Sport.other.rawValue
        }
        try check(input.distance, "distance", 0...1_000_000) { plan.distance = $0 }
        try check(input.duration, "duration", 0...7 * 86_400) { plan.duration = $0 }
        try check(input.targetSpeed, "target_speed", 0.1...30) { plan.targetSpeed = $0 }
        try check(input.elevationGain, "elevation_gain", 0...20_000) { plan.elevationGain = $0 }
        try check(input.completionPercentage, "completion_percentage", 0...100) { plan.completionPercentage = $0 }
        if let zone = input.zone {
            guard (1...5).contains(zone) else { throw APIError.validation("zone must be 1 to 5.") }
            plan.zone = zone
        }
        if let rpe = input.rpe {
            guard (1...10).contains(rpe) else { throw APIError.validation("rpe must be 1 to 10.") }
            plan.rpe = rpe
        }
        if let week = input.week {
            guard (1...99).contains(week) else { throw APIError.validation("week must be 1 to 99.") }
            plan.week = week
        }
        if let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard name.count <= 200 else { throw APIError.validation("The name has at most 200 characters.") }
            plan.name = name.isEmpty ? PlannedSession.defaultName(typeLabel: type.rawValue.capitalized, distance: plan.distance,
                                                                   elevationGain: plan.elevationGain) : name
        } else if creating {
            plan.name = PlannedSession.defaultName(typeLabel: type.rawValue.capitalized, distance: plan.distance, elevationGain: plan.elevationGain)
        }
        for (value, field) in [(input.description, "description"), (input.coachNotes, "coach_notes"), (input.phase, "phase")] {
            if let value, value.count > 10_000 { throw APIError.validation("\(field) is too long.") }
        }
        if let text = input.description { plan.descriptionText = text.isEmpty ? nil : text }
        if let text = input.coachNotes { plan.coachNotes = text.isEmpty ? nil : text }
        if let text = input.phase { plan.phase = text.isEmpty ? nil : String(text.prefix(100)) }
        if let completed = input.completed { plan.completed = completed }
        if let steps = input.steps {
            if let problem = WorkoutStep.problem(steps) { throw APIError.validation("steps: \(problem).") }
            plan.stepsJSON = steps.isEmpty ? nil : String(decoding: try JSONEncoder.api.encode(steps), as: UTF8.self)
        }
    }

    private func check(_ value: Double?, _ field: String, _ range: ClosedRange<Double>, set: (Double?) -> Void) throws {
        guard let value else { return }
        guard value.isFinite, range.contains(value) else {
            throw APIError.validation("\(field) must be from \(range.lowerBound) to \(range.upperBound).")
        }
        set(value == 0 && field != "completion_percentage" ? nil : value)
    }

    struct Filters {
        var from: String?
        var to: String?
        var types: [String]?
        var completed: Bool?
        var text: String?
    }

    func query(_ filters: Filters, postgres: Bool) -> QueryBuilder<PlannedWorkout> {
        var query = PlannedWorkout.query(on: database).filter(\.$user.$id == userID)
        if let from = filters.from { query = query.filter(\.$date >= from) }
        if let to = filters.to { query = query.filter(\.$date <= to) }
        if let types = filters.types { query = query.filter(\.$type ~~ types) }
        if let completed = filters.completed { query = query.filter(\.$completed == completed) }
        if let text = filters.text {
            let pattern = "%" + String(text.prefix(100)).replacingOccurrences(of: "%", with: "") + "%"
            let like: DatabaseQuery.Filter.Method = postgres ? .custom("ILIKE") : .custom("LIKE")
            query = query.group(.or) { group in
                group.filter(\.$name, like, pattern).filter(\.$descriptionText, like, pattern).filter(\.$coachNotes, like, pattern)
            }
        }
        return query
    }
}

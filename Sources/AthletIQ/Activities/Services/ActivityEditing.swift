import AthletIQCore
import Fluent
import Foundation

/// What an athlete may change on an activity; nil leaves a field as it is, an empty text (or an
/// effort of 0) clears it.
struct ActivityEdit: Sendable {
    var name: String?
    var description: String?
    var sport: String?
    var notes: String?
    var perceivedEffort: Int?
    /// Gear by name (made when new) or by id; an empty text unlinks it.
    var gear: String?
    var gearID: String?
    var race: Bool?
    /// Official distance (m) and time (s) of a race; 0 clears them.
    var raceDistance: Double?
    var raceTime: Double?
}

/// Checks and applies an athlete's changes, for the API and the activity page alike: a
/// corrected sport is locked against later updates, and a new sport or race result re-analyses
/// the activity (moving threshold, pace analysis, the family of its records).
struct ActivityEditing {
    let database: any Database
    let userID: UUID

    func apply(_ edit: ActivityEdit, to activity: Activity) async throws {
        if let name = edit.name?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard !name.isEmpty, name.count <= 200 else { throw APIError.validation("The name must have 1 to 200 characters.") }
            activity.name = name
        }
        if let description = edit.description {
            guard description.count <= 10_000 else { throw APIError.validation("The description is too long.") }
            activity.descriptionText = description.isEmpty ? nil : description
        }
        if let notes = edit.notes {
            guard notes.count <= 10_000 else { throw APIError.validation("The notes are too long.") }
            activity.privateNotes = notes.isEmpty ? nil : notes
        }
        if let effort = edit.perceivedEffort {
            guard (0...10).contains(effort) else { throw APIError.validation("The perceived effort is from 1 (very easy) to 10 (maximal); 0 clears it.") }
            activity.perceivedEffort = effort == 0 ? nil : effort
        }
        try await applyGear(edit, to: activity)
        let raceChanged = try RaceResult.apply(distance: edit.raceDistance, time: edit.raceTime, race: edit.race, to: activity)
        var sportChanged = false
        if let sport = edit.sport {
            guard Sport(rawValue: sport) != nil else { throw APIError.validation("Unknown sport.") }
            if sport != activity.sport {
                activity.sport = sport
                activity.sportLocked = true
                sportChanged = true
            }
        }
        try await activity.save(on: database)
        if sportChanged || raceChanged {
            try await ActivityAnalysisService(database: database, userID: userID).analyze(activity)
        }
    }

    private func applyGear(_ edit: ActivityEdit, to activity: Activity) async throws {
        if let id = edit.gearID?.trimmingCharacters(in: .whitespaces) {
            guard !id.isEmpty else { return GearAssignment.link(activity, to: nil) }
            guard let uuid = UUID(uuidString: id),
                  let gear = try await Gear.query(on: database).filter(\.$id == uuid).filter(\.$user.$id == userID).first() else {
                throw APIError.validation("Unknown gear.")
            }
            GearAssignment.link(activity, to: gear)
        } else if let name = edit.gear?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard name.count <= GearService.maxName else { throw APIError.validation("The gear's name may have at most \(GearService.maxName) characters.") }
            let gear = name.isEmpty ? nil : try await GearAssignment(database: database, userID: userID).named(name, sport: activity.sport)
            GearAssignment.link(activity, to: gear)
        }
    }
}

import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The secret iCalendar address of a user's plan, for Google, Apple and Outlook calendars to
/// subscribe to.
struct CalendarFeedService {
    let database: any Database
    let cipher: TokenCipher
    let publicURL: String

    func url(for token: String) -> String { "\(publicURL)/calendar/\(token).ics" }

    /// The user's address, made on first use.
    func current(userID: UUID) async throws -> (url: String, createdAt: Date?) {
        if let feed = try await CalendarFeed.query(on: database).filter(\.$user.$id == userID).first() {
            return (url(for: try cipher.open(feed.tokenSealed)), feed.createdAt)
        }
        return try await regenerate(userID: userID)
    }

    /// A new address; the old one answers 404 from now on.
    func regenerate(userID: UUID) async throws -> (url: String, createdAt: Date?) {
        let token = SecureToken.generate()
        let feed = CalendarFeed()
        feed.$user.id = userID
        feed.tokenHash = SecureToken.hash(token)
        feed.tokenSealed = try cipher.seal(token)
        try await database.writeTransaction { database in
            try await CalendarFeed.query(on: database).filter(\.$user.$id == userID).delete()
            try await feed.create(on: database)
        }
        return (url(for: token), feed.createdAt)
    }

    func revoke(userID: UUID) async throws {
        try await CalendarFeed.query(on: database).filter(\.$user.$id == userID).delete()
    }

    /// The document for a token, or nil for an unknown (or revoked) one.
    func document(token: String, now: Date, language: Language) async throws -> String? {
        guard let feed = try await CalendarFeed.query(on: database).filter(\.$tokenHash == SecureToken.hash(token)).first(),
              let user = try await User.find(feed.$user.id, on: database) else { return nil }
        let today = PlanDates.day(now)
        let plans = try await PlannedWorkout.query(on: database).filter(\.$user.$id == feed.$user.id)
            .filter(\.$date >= PlanDates.adding(-90, to: today)).filter(\.$date <= PlanDates.adding(400, to: today))
            .sort(\.$date).limit(3000).all()
        let events = plans.compactMap { plan in Self.event(plan, language: language, zone: user.zone) }
        return ICalendar.document(name: "athletIQ · \(user.fullName)", events: events, now: now)
    }

    /// The session as an event; a planned time is the athlete's local time, written in UTC.
    static func event(_ plan: PlannedWorkout, language: Language, zone: TimeZone) -> ICalendar.Event? {
        guard let id = plan.id else { return nil }
        let formats = Formats(language: language)
        var lines: [String] = []
        var facts: [String] = []
        if let distance = plan.distance { facts.append(formats.kilometres(distance)) }
        if let duration = plan.duration { facts.append(formats.duration(duration)) }
        if let speed = plan.targetSpeed { facts.append(formats.pace(speed)) }
        if let gain = plan.elevationGain { facts.append("\(Int(gain)) m D+") }
        if let zone = plan.zone { facts.append("Z\(zone)") }
        if let rpe = plan.rpe { facts.append("RPE \(rpe)") }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        if let description = plan.descriptionText { lines.append(description) }
        if let notes = plan.coachNotes { lines.append((language == .fr ? "Notes du coach : " : "Coach: ") + notes) }
        if let phase = plan.phase { lines.append((language == .fr ? "Phase : " : "Phase: ") + phase + (plan.week.map { " · S\($0)" } ?? "")) }
        let moment = plan.time.flatMap { PlanDates.utc(day: plan.date, time: $0, in: zone) }
        return ICalendar.Event(uid: "\(id.uuidString.lowercased())@athletiq", summary: plan.name, description: lines.joined(separator: "\n"),
                               date: moment?.day ?? plan.date, time: moment?.time, duration: PlanProgressService.expectedDuration(plan),
                               categories: [plan.type, plan.sport], lastModified: plan.updatedAt, completed: plan.completed)
    }
}

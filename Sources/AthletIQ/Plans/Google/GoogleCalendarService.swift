import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Plans to Google Calendar and sport events from it: exported events carry a stable id made
/// from the session's, so exporting again updates them instead of adding copies; imported events
/// become sessions keyed by their event id, so importing again updates them.
struct GoogleCalendarService {
    let calendar: GoogleCalendarClient
    let userID: UUID
    let language: Language
    /// The athlete's time zone: planned times and imported events are local times in it.
    var zone: TimeZone = .gmt

    static let idPrefix = "athq"

    /// The event id of a session: base32hex characters only, as Google requires.
    static func eventID(_ planID: UUID) -> String {
        idPrefix + planID.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    struct ExportReport: Content, APISchema {
        var created = 0
        var updated = 0
        var failed = 0
        var errors: [String] = []

        static var schema: Schema {
            .object([.init("created", .integer), .init("updated", .integer), .init("failed", .integer), .init("errors", .array(.string))])
        }
    }

    func export(to calendarID: String, from: String, to: String, connection: GoogleCalendarConnection) async throws -> ExportReport {
        let plans = try await PlannedWorkout.query(on: calendar.database).filter(\.$user.$id == userID)
            .filter(\.$date >= from).filter(\.$date <= to).filter(\.$source != "google").sort(\.$date).limit(1000).all()
        var report = ExportReport()
        for plan in plans {
            guard let id = plan.id, let event = CalendarFeedService.event(plan, language: language, zone: zone) else { continue }
            do {
                let created = try await calendar.upsert(Self.googleEvent(event, planID: id, zone: zone), id: Self.eventID(id),
                                                        calendar: calendarID, connection: connection)
                if created { report.created += 1 } else { report.updated += 1 }
            } catch let error as GoogleCalendarError where error.code == "authorization_refused" || error.code == "calendar_not_found" {
                throw error
            } catch {
                report.failed += 1
                if report.errors.count < 10 { report.errors.append("\(plan.date) \(plan.name): \(error)") }
            }
        }
        connection.calendarID = calendarID
        try await connection.save(on: calendar.database)
        return report
    }

    static func googleEvent(_ event: ICalendar.Event, planID: UUID, zone: TimeZone) -> GoogleCalendarClient.Event {
        var start = GoogleCalendarClient.EventTime(), end = GoogleCalendarClient.EventTime()
        if let time = event.time, let day = PlanDates.date(event.date) {
            let parts = time.split(separator: ":").compactMap { Double($0) }
            let begin = day.addingTimeInterval((parts.first ?? 0) * 3600 + (parts.dropFirst().first ?? 0) * 60)
            let formatter = ISO8601DateFormatter()
            start.dateTime = formatter.string(from: begin)
            end.dateTime = formatter.string(from: begin.addingTimeInterval(max(60, event.duration ?? 3600)))
            start.timeZone = zone.identifier
            end.timeZone = zone.identifier
        } else {
            start.date = event.date
            end.date = PlanDates.adding(1, to: event.date)
        }
        return GoogleCalendarClient.Event(
            id: nil, status: "confirmed", summary: event.summary, description: event.description, start: start, end: end,
            reminders: .init(useDefault: false, overrides: [.init(method: "popup", minutes: event.time == nil ? 180 : 30)]),
            extendedProperties: .init(private: ["athletiq_plan_id": planID.uuidString.lowercased()]))
    }

    /// Sport events of a calendar become sessions (ours, exported before, are skipped).
    func importEvents(from calendarID: String, between from: String, and to: String,
                      connection: GoogleCalendarConnection) async throws -> PlanImportReport {
        guard let start = PlanDates.date(from), let end = PlanDates.date(to) else { throw APIError.validation("from and to must be YYYY-MM-DD.") }
        let events = try await calendar.events(calendar: calendarID, from: start, to: end.addingTimeInterval(86_400), connection: connection)
        let existing = try await PlannedWorkout.query(on: calendar.database).filter(\.$user.$id == userID).filter(\.$source == "google").all()
        var byKey = Dictionary(existing.compactMap { plan in plan.sourceKey.map { ($0, plan) } }, uniquingKeysWith: { a, _ in a })
        var report = PlanImportReport()
        report.plan = "google:" + calendarID
        for (index, event) in events.enumerated() {
            let line = index + 1
            guard let id = event.id, event.status != "cancelled" else { continue }
            if id.hasPrefix(Self.idPrefix) || event.extendedProperties?.private?["athletiq_plan_id"] != nil {
                report.add(.init(line: line, status: .skipped, message: "exported from athletIQ"))
                continue
            }
            guard let session = Self.session(from: event, zone: zone) else {
                report.add(.init(line: line, status: .skipped, message: "not a sport event: \((event.summary ?? "").prefix(60))"))
                continue
            }
            let key = "google|" + id
            if let plan = byKey[key] {
                if PlanImportService.same(plan, session) {
                    report.add(.init(line: line, status: .skipped, planId: plan.id, message: "unchanged"))
                } else {
                    PlanImportService.copy(session, to: plan)
                    try await plan.save(on: calendar.database)
                    report.add(.init(line: line, status: .updated, planId: plan.id))
                }
                continue
            }
            let plan = PlannedWorkout()
            plan.$user.id = userID
            plan.source = "google"
            plan.sourceKey = key
            PlanImportService.copy(session, to: plan)
            try await plan.create(on: calendar.database)
            byKey[key] = plan
            report.add(.init(line: line, status: .imported, planId: plan.id))
        }
        return report
    }

    /// A session from an event whose title names a sport or a workout ("Footing 10 km", "Swim").
    static func session(from event: GoogleCalendarClient.Event, zone: TimeZone) -> PlannedSession? {
        guard let title = event.summary?.trimmingCharacters(in: .whitespaces), !title.isEmpty else { return nil }
        let type = WorkoutType.named(title) ?? title.split(separator: " ").lazy.compactMap { WorkoutType.named(String($0)) }.first
        guard let type, type != .rest, type != .other else { return nil }
        let formatter = ISO8601DateFormatter()
        var date: String?, time: String?, duration: Double?
        if let day = event.start?.date {
            date = day
        } else if let text = event.start?.dateTime, let begin = formatter.date(from: text) {
            // The athlete's wall clock at that moment: its day and time are the session's.
            let local = begin.addingTimeInterval(Double(zone.secondsFromGMT(for: begin)))
            date = PlanDates.day(local)
            let parts = PlanDates.calendar.dateComponents([.hour, .minute], from: local)
            time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
            if let endText = event.end?.dateTime, let finish = formatter.date(from: endText), finish > begin {
                duration = finish.timeIntervalSince(begin)
            }
        }
        guard let date else { return nil }
        var session = PlannedSession(date: date, name: String(title.prefix(200)), type: type)
        session.time = time
        session.duration = duration
        session.description = event.description.map { String($0.prefix(10_000)) }
        // "Sortie longue 18 km": the distance in the title.
        let words = title.lowercased().replacingOccurrences(of: ",", with: ".").split(separator: " ")
        for (index, word) in words.enumerated() {
            let number = word.hasSuffix("km") ? word.dropLast(2) : (index + 1 < words.count && words[index + 1] == "km" ? word : nil)
            if let number, let value = Double(number), value > 0, value < 1000 { session.distance = value * 1000 }
        }
        return session
    }
}

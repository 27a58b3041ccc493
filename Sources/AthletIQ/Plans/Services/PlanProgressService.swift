import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Plan against reality: sessions matched with activities, weekly planned and done volumes, the
/// completion rate, the calendar views and what comes next.
struct PlanProgressService {
    let database: any Database
    let userID: UUID
    let today: String
    /// The athlete's time zone: an activity counts on the day it started there.
    var zone: TimeZone = .gmt

    func day(_ activity: Activity) -> String { PlanDates.day(activity.startDate, in: zone) }

    struct Loaded {
        var plans: [PlannedWorkout]
        var activities: [Activity]
        var matches: [UUID: UUID]
    }

    /// Sessions and activities of `from...to` (days), matched.
    func load(from: String, to: String) async throws -> Loaded {
        let plans = try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$date >= from).filter(\.$date <= to).sort(\.$date).sort(\.$time).all()
        // A day somewhere on Earth starts up to 14 hours from its UTC start: read wider, keep the local days.
        let start = (PlanDates.date(from) ?? Date()).addingTimeInterval(-14 * 3600)
        let end = (PlanDates.date(to) ?? Date()).addingTimeInterval(86_400 + 14 * 3600)
        let activities = try await Activity.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$startDate >= start).filter(\.$startDate < end).sort(\.$startDate).all()
            .filter { activity in let local = day(activity); return from <= local && local <= to }
        let matches = PlanMatcher.match(
            plans: plans.compactMap { plan in
                plan.id.map { PlanMatcher.Plan(id: $0, date: plan.date, sport: Sport(rawValue: plan.sport) ?? .other,
                                               type: WorkoutType(rawValue: plan.type) ?? .other, distance: plan.distance,
                                               duration: Self.expectedDuration(plan), linkedActivity: plan.linkedActivityID,
                                               unlinked: plan.unlinked) }
            },
            activities: activities.compactMap { activity in
                activity.id.map { PlanMatcher.Done(id: $0, date: day(activity), sport: Sport(rawValue: activity.sport) ?? .other,
                                                   distance: activity.distance, duration: activity.movingTime ?? activity.elapsedTime) }
            })
        return Loaded(plans: plans, activities: activities, matches: matches)
    }

    static func expectedDuration(_ plan: PlannedWorkout) -> Double? {
        var session = PlannedSession(date: plan.date, name: plan.name, type: WorkoutType(rawValue: plan.type) ?? .other)
        session.sport = Sport(rawValue: plan.sport) ?? .other
        session.distance = plan.distance
        session.duration = plan.duration
        session.targetSpeed = plan.targetSpeed
        return plan.duration ?? (plan.distance != nil ? session.expectedDuration : nil)
    }

    func comparison(from: String, to: String) async throws -> PlanComparisonResponse {
        let loaded = try await load(from: from, to: to)
        let activities = Dictionary(loaded.activities.compactMap { activity in activity.id.map { ($0, activity) } }, uniquingKeysWith: { a, _ in a })
        var sessions: [PlanComparisonResponse.Session] = []
        for plan in loaded.plans {
            guard let id = plan.id else { continue }
            let activity = loaded.matches[id].flatMap { activities[$0] }
            sessions.append(try session(plan, activity: activity))
        }
        let counted = sessions.filter { $0.status == "done" || $0.status == "missed" }
        let done = counted.filter { $0.status == "done" }.count
        return PlanComparisonResponse(from: from, to: to, sessions: sessions, weeks: weeks(loaded, from: from, to: to),
                                      completionRate: counted.isEmpty ? nil : (Double(done) / Double(counted.count) * 1000).rounded() / 10)
    }

    func session(_ plan: PlannedWorkout, activity: Activity?) throws -> PlanComparisonResponse.Session {
        var result = PlanComparisonResponse.Session(plan: try PlanResponse(plan), status: "upcoming")
        let rest = plan.type == WorkoutType.rest.rawValue
        if let activity, let id = activity.id {
            let duration = activity.movingTime ?? activity.elapsedTime
            result.activity = .init(id: id, name: activity.name, sport: activity.sport, distance: activity.distance, duration: duration)
            result.status = "done"
            let plannedDuration = Self.expectedDuration(plan)
            if let planned = plan.distance, let actual = activity.distance { result.distanceDifference = actual - planned }
            if let planned = plan.duration, duration > 0 { result.durationDifference = duration - planned }
            let plannedPace = plan.targetSpeed.map { 1000 / $0 } ?? {
                guard let distance = plan.distance, distance > 0, let time = plan.duration else { return nil }
                return time / distance * 1000
            }()
            if let plannedPace, let distance = activity.distance, distance > 0, duration > 0 {
                result.paceDifference = (duration / distance * 1000 - plannedPace).rounded()
            }
            result.completionScore = PlanMatcher.completionScore(plannedDistance: plan.distance, plannedDuration: plannedDuration,
                                                                 distance: activity.distance, duration: duration)
        } else if rest {
            result.status = "rest"
        } else if plan.completed {
            result.status = "done"
            result.completionScore = plan.completionPercentage ?? 100
        } else if plan.date < today {
            result.status = "missed"
            result.completionScore = 0
        }
        return result
    }

    private func weeks(_ loaded: Loaded, from: String, to: String) -> [PlanComparisonResponse.Week] {
        var weeks: [String: PlanComparisonResponse.Week] = [:]
        for day in stride(from: 0, to: PlanDates.days(from: PlanDates.monday(of: from), to: to).count, by: 7) {
            let monday = PlanDates.adding(day, to: PlanDates.monday(of: from))
            weeks[monday] = PlanComparisonResponse.Week(week: PlanDates.isoWeek(monday), start: monday)
        }
        let matched = Set(loaded.matches.values)
        for plan in loaded.plans where plan.type != WorkoutType.rest.rawValue {
            let monday = PlanDates.monday(of: plan.date)
            weeks[monday, default: .init(week: PlanDates.isoWeek(monday), start: monday)].plannedSessions += 1
            weeks[monday]?.plannedDistance += plan.distance ?? 0
            weeks[monday]?.plannedDuration += Self.expectedDuration(plan) ?? 0
            weeks[monday]?.plannedElevation += plan.elevationGain ?? 0
            if let id = plan.id, loaded.matches[id] != nil || plan.completed { weeks[monday]?.completedSessions += 1 }
        }
        for activity in loaded.activities {
            let monday = PlanDates.monday(of: day(activity))
            weeks[monday, default: .init(week: PlanDates.isoWeek(monday), start: monday)].actualDistance += activity.distance ?? 0
            weeks[monday]?.actualDuration += activity.movingTime ?? activity.elapsedTime
            weeks[monday]?.actualElevation += activity.ascent ?? 0
            weeks[monday]?.activities += 1
            if let id = activity.id, !matched.contains(id) { weeks[monday]?.unplannedActivities += 1 }
        }
        return weeks.values.sorted { $0.start < $1.start }
    }

    /// The days of `from...to` with their sessions and activities (the month and week views).
    func calendar(from: String, to: String) async throws -> PlanCalendarResponse {
        let loaded = try await load(from: from, to: to)
        let activityByPlan = loaded.matches
        var days: [String: PlanCalendarResponse.Day] = [:]
        for day in PlanDates.days(from: from, to: to) { days[day] = .init(date: day) }
        for plan in loaded.plans {
            var response = try PlanResponse(plan)
            if response.linkedActivityId == nil, let id = plan.id { response.linkedActivityId = activityByPlan[id] }
            days[plan.date]?.sessions.append(response)
        }
        for activity in loaded.activities {
            guard let id = activity.id else { continue }
            days[day(activity)]?.activities.append(
                .init(id: id, name: activity.name, sport: activity.sport, distance: activity.distance,
                      duration: activity.movingTime ?? activity.elapsedTime))
        }
        return PlanCalendarResponse(from: from, to: to, days: days.values.sorted { $0.date < $1.date })
    }

    func upcoming() async throws -> UpcomingResponse {
        let next = try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID).filter(\.$date >= today)
            .filter(\.$completed == false).filter(\.$type != WorkoutType.rest.rawValue)
            .sort(\.$date).sort(\.$time).limit(5).all()
        let monday = PlanDates.monday(of: today)
        let week = try await comparison(from: monday, to: PlanDates.adding(6, to: monday))
        let sessions = week.sessions.filter { $0.status != "rest" }
        let done = sessions.filter { $0.status == "done" }.count
        return UpcomingResponse(next: try next.map { try PlanResponse($0) }, weekPlanned: sessions.count, weekDone: done,
                                weekCompletion: sessions.isEmpty ? nil : (Double(done) / Double(sessions.count) * 1000).rounded() / 10,
                                weekPlannedDistance: week.weeks.first?.plannedDistance ?? 0,
                                weekActualDistance: week.weeks.first?.actualDistance ?? 0)
    }
}

struct ActivityBrief: Content {
    var id: UUID
    var name: String
    var sport: String
    var distance: Double?
    var duration: Double
}

struct PlanComparisonResponse: Content, APISchema {
    struct Session: Content {
        var plan: PlanResponse
        var activity: ActivityBrief?
        /// `done`, `missed`, `upcoming` or `rest`.
        var status: String
        /// Actual − planned, metres.
        var distanceDifference: Double?
        /// Actual − planned, seconds.
        var durationDifference: Double?
        /// Actual − planned pace, seconds per km (positive: slower).
        var paceDifference: Double?
        /// 0 to 100.
        var completionScore: Double?
    }

    struct Week: Content {
        var week: String
        var start: String
        var plannedSessions = 0
        var completedSessions = 0
        var plannedDistance = 0.0
        var actualDistance = 0.0
        var plannedDuration = 0.0
        var actualDuration = 0.0
        var plannedElevation = 0.0
        var actualElevation = 0.0
        var activities = 0
        var unplannedActivities = 0
    }

    var from: String
    var to: String
    var sessions: [Session]
    var weeks: [Week]
    /// Done ÷ (done + missed) sessions, percent; nil when none is due yet.
    var completionRate: Double?

    static var schema: Schema {
        let brief = Schema.object([.init("id", .string(format: "uuid")), .init("name", .string), .init("sport", .string),
                                   .init("distance", .number, required: false), .init("duration", .number)])
        let week = Schema.object(["week", "start", "planned_sessions", "completed_sessions", "planned_distance", "actual_distance",
                                  "planned_duration", "actual_duration", "planned_elevation", "actual_elevation", "activities",
                                  "unplanned_activities"].map { .init($0, $0 == "week" || $0 == "start" ? .string : .number) })
        return .object([
            .init("from", .string(format: "date")), .init("to", .string(format: "date")),
            .init("sessions", .array(.object([
                .init("plan", .reference("PlanResponse")), .init("activity", brief, required: false),
                .init("status", .enumeration(["done", "missed", "upcoming", "rest"])),
                .init("distance_difference", .number, required: false), .init("duration_difference", .number, required: false),
                .init("pace_difference", .number(description: "seconds per km"), required: false),
                .init("completion_score", .number, required: false),
            ]))),
            .init("weeks", .array(week)), .init("completion_rate", .nullable(.number), required: false),
        ])
    }

    static var related: [any APISchema.Type] { [PlanResponse.self] }
}

struct PlanCalendarResponse: Content, APISchema {
    struct Day: Content {
        var date: String
        var sessions: [PlanResponse] = []
        var activities: [ActivityBrief] = []
    }

    var from: String
    var to: String
    var days: [Day]

    static var schema: Schema {
        .object([.init("from", .string(format: "date")), .init("to", .string(format: "date")),
                 .init("days", .array(.object([.init("date", .string(format: "date")), .init("sessions", .array(.reference("PlanResponse"))),
                                                .init("activities", .array(.object([.init("id", .string), .init("name", .string),
                                                                                    .init("sport", .string), .init("distance", .number, required: false),
                                                                                    .init("duration", .number)])))])))])
    }

    static var related: [any APISchema.Type] { [PlanResponse.self] }
}

struct UpcomingResponse: Content, APISchema {
    var next: [PlanResponse]
    var weekPlanned: Int
    var weekDone: Int
    var weekCompletion: Double?
    var weekPlannedDistance: Double
    var weekActualDistance: Double

    static var schema: Schema {
        .object([.init("next", .array(.reference("PlanResponse"))), .init("week_planned", .integer), .init("week_done", .integer),
                 .init("week_completion", .nullable(.number), required: false), .init("week_planned_distance", .number),
                 .init("week_actual_distance", .number)])
    }

    static var related: [any APISchema.Type] { [PlanResponse.self] }
}

import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The athlete's goals and how far along each is, on their calendar (a week from their Monday's
/// midnight, a year from their 1 January).
struct GoalService {
    let database: any Database
    let userID: UUID
    let statistics: StatisticsService

    static let periods = ["week", "year"]
    static let metrics = ["distance", "time", "count"]
    /// Goals one athlete may keep.
    static let maxGoals = 20

    struct Progress: Sendable {
        var goal: GoalDTO
        /// Done so far in the current period, in the metric's unit (m, s, activities).
        var done: Double
        var periodStart: Date
    }

    func list() async throws -> [Goal] {
        try await Goal.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
    }

    func create(_ input: GoalDTO) async throws -> Goal {
        guard Self.periods.contains(input.period) else { throw APIError.validation("period must be week or year.") }
        guard Self.metrics.contains(input.metric) else { throw APIError.validation("metric must be distance, time or count.") }
        guard input.target.isFinite, input.target > 0, input.target <= 1e9 else { throw APIError.validation("target must be a positive number.") }
        if let family = input.family, Sport.Family(rawValue: family) == nil { throw APIError.validation("Unknown sport family.") }
        guard try await Goal.query(on: database).filter(\.$user.$id == userID).count() < Self.maxGoals else {
            throw APIError.validation("At most \(Self.maxGoals) goals.")
        }
        let goal = Goal()
        goal.$user.id = userID
        goal.period = input.period
        goal.metric = input.metric
        goal.target = input.target
        goal.family = input.family
        try await goal.create(on: database)
        return goal
    }

    func delete(_ id: UUID?) async throws {
        guard let id, let goal = try await Goal.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
            throw APIError.notFound("goal")
        }
        try await goal.delete(on: database)
    }

    /// Each goal with what is done in its current period at `now`.
    func progress(now: Date) async throws -> [Progress] {
        let goals = try await list()
        guard !goals.isEmpty else { return [] }
        var days = AthleteDays(zone: statistics.zone)
        let today = days.day(now)
        var result: [Progress] = []
        // Goals of the same period and family share one pass over the rows.
        var totals: [String: PeriodStatsDTO] = [:]
        for goal in goals {
            let startDay = goal.period == "year" ? CivilDate.yearStart(today) : CivilDate.weekStart(today)
            let start = days.start(ofDay: startDay)
            let key = goal.period + "|" + (goal.family ?? "")
            let total: PeriodStatsDTO
            if let known = totals[key] {
                total = known
            } else {
                let sports = goal.family.map { family in Set(Sport.allCases.filter { $0.family.rawValue == family }.map(\.rawValue)) }
                total = try await statistics.statistics(group: .year, from: start, to: nil, sports: sports).total
                totals[key] = total
            }
            let done: Double
            switch goal.metric {
            case "time": done = total.movingTime
            case "count": done = Double(total.count)
            default: done = total.distance
            }
            result.append(Progress(goal: GoalDTO(goal), done: done, periodStart: start))
        }
        return result
    }
}

extension GoalService {
    /// The signed-in athlete's goals, on their calendar.
    static func of(_ request: Request) throws -> GoalService {
        let userID = try request.currentUserID
        return GoalService(database: request.db, userID: userID,
                           statistics: StatisticsService(database: request.db, userID: userID, cache: request.application.activityRowsCache,
                                                         zone: try request.currentUser.zone))
    }
}

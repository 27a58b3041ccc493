import AthletIQCore
import Foundation
import Vapor

/// A goal as the API reads and writes it.
struct GoalDTO: Content, APISchema {
    var id: UUID?
    var period: String
    var metric: String
    /// Metres, seconds of moving time, or activities.
    var target: Double
    var family: String?

    init(period: String, metric: String, target: Double, family: String?) {
        (self.period, self.metric, self.target, self.family) = (period, metric, target, family)
    }

    init(_ goal: Goal) {
        self.init(period: goal.period, metric: goal.metric, target: goal.target, family: goal.family)
        id = goal.id
    }

    static var schema: Schema {
        .object([.init("id", .string(format: "uuid"), required: false),
                 .init("period", .enumeration(GoalService.periods)), .init("metric", .enumeration(GoalService.metrics)),
                 .init("target", .number(description: "Metres, seconds of moving time, or activities")),
                 .init("family", .enumeration(Sport.Family.allCases.map(\.rawValue)), required: false)])
    }
}

/// A goal with what is done in its current period.
struct GoalProgressDTO: Content, APISchema {
    var goal: GoalDTO
    var done: Double
    var periodStart: Date
    static var related: [any APISchema.Type] { [GoalDTO.self] }

    static var schema: Schema {
        .object([.init("goal", .reference(GoalDTO.schemaName)), .init("done", .number), .init("period_start", .dateTime)])
    }
}

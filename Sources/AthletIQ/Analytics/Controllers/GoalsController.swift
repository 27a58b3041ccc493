import AthletIQCore
import Foundation
import Vapor

/// Goals over the API: listed with their progress, created, deleted.
struct GoalsController {
    func register(signedIn: any RoutesBuilder) {
        let api = signedIn.grouped("api", "v1", "goals")
        api.get(use: list).doc("Goals with what is done in their current week or year (the athlete's calendar)", tag: "Analytics",
                               access: .signedIn, responses: [.jsonArray(200, "Each goal and its progress", of: GoalProgressDTO.self)])
        api.post(use: create).doc("Set a goal: a distance, a moving time or a number of activities a week or a year", tag: "Analytics",
                                  access: .signedIn, body: .json(GoalDTO.self), responses: [.json(201, "The goal", GoalDTO.self)])
        api.delete(":goalID", use: delete).doc("Remove a goal", tag: "Analytics", access: .signedIn, responses: [.empty(204, "Removed")])
    }

    func list(request: Request) async throws -> [GoalProgressDTO] {
        try await GoalService.of(request).progress(now: request.application.clock.now())
            .map { GoalProgressDTO(goal: $0.goal, done: $0.done, periodStart: $0.periodStart) }
    }

    func create(request: Request) async throws -> Response {
        let goal = try await GoalService.of(request).create(try request.content.decode(GoalDTO.self))
        return try await GoalDTO(goal).encodeResponse(status: .created, for: request)
    }

    func delete(request: Request) async throws -> HTTPStatus {
        try await GoalService.of(request).delete(request.parameters.get("goalID", as: UUID.self))
        return .noContent
    }
}

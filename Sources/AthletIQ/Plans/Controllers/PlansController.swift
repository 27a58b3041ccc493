import AthletIQCore
import Fluent
import Vapor

/// Planned sessions: CRUD, filters, completion, hand links, and the views built on them.
struct PlansController {
    func register(signedIn: any RoutesBuilder) {
        let plans = signedIn.grouped("api", "v1", "plans")
        plans.get(use: list)
            .doc("My planned sessions, by date", tag: "Plans", access: .signedIn,
                 query: [QueryParameter("from", .string(format: "date"), "On or after this day"),
                         QueryParameter("to", .string(format: "date"), "On or before this day"),
                         QueryParameter("type", .string, "Workout type; comma-separated for several"),
                         QueryParameter("completed", .boolean, "Only done (true) or not done (false)"),
                         QueryParameter("q", .string, "Text in the name, description or coach notes"),
                         QueryParameter("page", .integer, "Page, from 1"), QueryParameter("per_page", .integer, "At most 500 (default 100)")],
                 responses: [.json(200, "A page of sessions", PlanPage.self)])
        plans.post(use: create)
            .doc("Plan a session", tag: "Plans", access: .signedIn, body: .json(PlanRequest.self),
                 responses: [.json(201, "The session", PlanResponse.self), .json(422, "Invalid", ErrorBodySchema.self)])
        plans.get("calendar", use: calendar)
            .doc("A month or a week as days with their sessions and activities", tag: "Plans", access: .signedIn,
                 query: [QueryParameter("month", .string, "YYYY-MM: the month's full weeks"),
                         QueryParameter("week", .string(format: "date"), "Any day of the week (Monday to Sunday)")],
                 responses: [.json(200, "The days", PlanCalendarResponse.self)])
        plans.get("upcoming", use: upcoming)
            .doc("The next sessions and this week's progress", tag: "Plans", access: .signedIn,
                 responses: [.json(200, "Upcoming", UpcomingResponse.self)])
        plans.get("comparison", use: comparison)
            .doc("Planned against done: matches, differences, weekly volumes and the completion rate", tag: "Plans", access: .signedIn,
                 query: [QueryParameter("from", .string(format: "date"), "First day (default: four weeks ago)"),
                         QueryParameter("to", .string(format: "date"), "Last day (default: today)")],
                 responses: [.json(200, "The comparison", PlanComparisonResponse.self)])
        plans.on(.POST, "import", body: .collect(maxSize: "6mb"), use: importFile)
            .doc("Import a coach file (TSV, French headers) or a CSV (English headers); importing twice changes nothing",
                 tag: "Plans", access: .signedIn,
                 body: .media("multipart/form-data", .object([.init("file", .binary)])),
                 query: [QueryParameter("plan", .string, "The plan these sessions belong to (default: the file's name)")],
                 responses: [.json(200, "The report, row by row", PlanImportReport.self),
                             .json(415, "Not a text file", ErrorBodySchema.self), .json(422, "Empty, or no header", ErrorBodySchema.self)])
        let one = plans.grouped(":planID")
        one.get(use: detail).doc("One session", tag: "Plans", access: .signedIn, responses: [.json(200, "The session", PlanResponse.self)])
        one.patch(use: update).doc("Change a session", tag: "Plans", access: .signedIn, body: .json(PlanRequest.self),
                                   responses: [.json(200, "The session", PlanResponse.self)])
        one.delete(use: delete).doc("Delete a session", tag: "Plans", access: .signedIn, responses: [.empty(204, "Deleted")])
        one.post("complete", use: complete).doc("Mark a session done or not done", tag: "Plans", access: .signedIn,
                                               body: .json(CompletionRequest.self), responses: [.json(200, "The session", PlanResponse.self)])
        one.post("link", use: link).doc("Link the session to an activity by hand", tag: "Plans", access: .signedIn,
                                       body: .json(LinkRequest.self), responses: [.json(200, "The session", PlanResponse.self)])
        one.delete("link", use: unlink).doc("Unlink the session (automatic matching then leaves it alone)", tag: "Plans",
                                           access: .signedIn, responses: [.json(200, "The session", PlanResponse.self)])
    }

    private func service(_ request: Request) throws -> PlanService {
        PlanService(database: request.db, userID: try request.currentUserID)
    }

    /// Plans against activities in the athlete's days (their time zone), today included.
    static func progress(_ request: Request) throws -> PlanProgressService {
        let zone = try request.currentUser.zone
        return PlanProgressService(database: request.db, userID: try request.currentUserID,
                                   today: PlanDates.day(request.application.clock.now(), in: zone), zone: zone)
    }

    static func day(_ request: Request, _ name: String) throws -> String? {
        guard let text = try? request.query.get(String.self, at: name) else { return nil }
        guard let day = try? PlanValues.date(text), day == text else { throw APIError.validation("\(name) must be YYYY-MM-DD.") }
        return day
    }

    func list(request: Request) async throws -> PlanPage {
        let (page, perPage) = try request.queryPage(defaultSize: 100, maxSize: 500)
        var filters = PlanService.Filters(from: try Self.day(request, "from"), to: try Self.day(request, "to"))
        if let types = try? request.query.get(String.self, at: "type") {
            let values = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.allSatisfy({ WorkoutType(rawValue: $0) != nil }) else { throw APIError.validation("Unknown workout type.") }
            filters.types = values
        }
        filters.completed = try request.queryBool("completed")
        filters.text = (try? request.query.get(String.self, at: "q"))?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let query = try service(request).query(filters, postgres: request.settings.database.kind == "postgres")
        let total = try await query.count()
        let items = try await query.sort(\.$date).sort(\.$time).range(((page - 1) * perPage)..<(page * perPage)).all()
        return PlanPage(items: try items.map { try PlanResponse($0) }, total: total, page: page, perPage: perPage)
    }

    func create(request: Request) async throws -> Response {
        let plan = try await service(request).create(try request.content.decode(PlanRequest.self))
        return try await PlanResponse(plan).encodeResponse(status: .created, for: request)
    }

    func detail(request: Request) async throws -> PlanResponse {
        try PlanResponse(try await service(request).find(request.parameters.get("planID", as: UUID.self)))
    }

    func update(request: Request) async throws -> PlanResponse {
        let service = try service(request)
        let plan = try await service.find(request.parameters.get("planID", as: UUID.self))
        try await service.update(plan, with: try request.content.decode(PlanRequest.self))
        return try PlanResponse(plan)
    }

    func delete(request: Request) async throws -> HTTPStatus {
        try await service(request).find(request.parameters.get("planID", as: UUID.self)).delete(on: request.db)
        return .noContent
    }

    func complete(request: Request) async throws -> PlanResponse {
        let service = try service(request)
        let plan = try await service.find(request.parameters.get("planID", as: UUID.self))
        let input = try request.content.decode(CompletionRequest.self)
        try await service.update(plan, with: PlanRequest(completed: input.completed,
                                                         completionPercentage: input.completed ? (input.percentage ?? 100) : 0))
        return try PlanResponse(plan)
    }

    func link(request: Request) async throws -> PlanResponse {
        let service = try service(request)
        let plan = try await service.find(request.parameters.get("planID", as: UUID.self))
        let input = try request.content.decode(LinkRequest.self)
        guard try await Activity.query(on: request.db).filter(\.$id == input.activityId)
            .filter(\.$user.$id == request.currentUserID).first() != nil else { throw APIError.notFound("activity") }
        plan.linkedActivityID = input.activityId
        plan.unlinked = false
        try await plan.save(on: request.db)
        return try PlanResponse(plan)
    }

    func unlink(request: Request) async throws -> PlanResponse {
        let plan = try await service(request).find(request.parameters.get("planID", as: UUID.self))
        plan.linkedActivityID = nil
        plan.unlinked = true
        try await plan.save(on: request.db)
        return try PlanResponse(plan)
    }

    func calendar(request: Request) async throws -> PlanCalendarResponse {
        let progress = try Self.progress(request)
        if let month = try? request.query.get(String.self, at: "month") {
            guard month.count == 7, let first = try? PlanValues.date(month + "-01") else { throw APIError.validation("month must be YYYY-MM.") }
            let last = PlanDates.adding(-1, to: String(PlanDates.adding(32, to: first).prefix(8)) + "01")
            let start = PlanDates.monday(of: first)
            let end = PlanDates.adding(6, to: PlanDates.monday(of: last))
            return try await progress.calendar(from: start, to: end)
        }
        let day = try Self.day(request, "week") ?? progress.today
        let monday = PlanDates.monday(of: day)
        return try await progress.calendar(from: monday, to: PlanDates.adding(6, to: monday))
    }

    func upcoming(request: Request) async throws -> UpcomingResponse {
        try await Self.progress(request).upcoming()
    }

    func comparison(request: Request) async throws -> PlanComparisonResponse {
        let progress = try Self.progress(request)
        let to = try Self.day(request, "to") ?? progress.today
        let from = try Self.day(request, "from") ?? PlanDates.adding(-27, to: to)
        guard from <= to, PlanDates.days(from: from, to: to).count < 400 else {
            throw APIError.validation("from must come before to, at most 400 days apart.")
        }
        return try await progress.comparison(from: from, to: to)
    }

    func importFile(request: Request) async throws -> PlanImportReport {
        let file = try UploadBody.namedFile(request)
        let plan = (try? request.query.get(String.self, at: "plan"))?.nilIfEmpty ?? file.name
        return try await PlanImportService(database: request.db, userID: try request.currentUserID).importFile(file.data, plan: plan)
    }
}

import AthletIQCore
import Fluent
import Vapor

/// The plan pages and their plain-form actions.
struct PlansPagesController {
    func register(_ app: Application) {
        let pages = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser())
        let signedIn = pages.grouped(CSRFProtection())
        let form = BodyDoc.media("application/x-www-form-urlencoded", .object([.init("date", .string), .init("type", .string)]))
        signedIn.get("plans", use: month).doc("The plan: a month calendar, planned against done, import, feed, Google Calendar",
                                               tag: "Web", access: .signedInPage,
                                               query: [QueryParameter("month", .string, "YYYY-MM (default: this month)")],
                                               responses: [.html("The page")])
        signedIn.post("plans", "new", use: create).doc("Plan a session from the form", tag: "Web", access: .signedInPage, body: form,
                                                      responses: [.redirect("To the month", status: 303)])
        signedIn.get("plans", ":planID", use: session).doc("One planned session", tag: "Web", access: .signedInPage, responses: [.html("The page")])
        signedIn.post("plans", ":planID", use: save).doc("Save a session from its form", tag: "Web", access: .signedInPage, body: form,
                                                         responses: [.redirect("Back to the session", status: 303)])
        for action in ["complete", "delete", "link", "unlink"] {
            signedIn.post("plans", ":planID", .constant(action), use: { try await self.act(action, request: $0) })
                .doc("\(action.capitalized) a session from its page", tag: "Web", access: .signedInPage,
                     responses: [.redirect("Back to the session or the month", status: 303)])
        }
        pages.on(.POST, "plans", "import", body: .collect(maxSize: "6mb"), use: importFile)
            .doc("Import a coach plan from the form (the CSRF token travels in the query)", tag: "Web", access: .signedInPage,
                 body: .media("multipart/form-data", .object([.init("file", .binary), .init("plan", .string)])),
                 query: [QueryParameter("_csrf", .string, "The session's CSRF token", required: true)],
                 responses: [.html("The month with the report")])
        signedIn.post("plans", "feed", "regenerate", use: regenerate).doc("Make a new calendar feed address from the page", tag: "Web",
                                                                         access: .signedInPage, responses: [.redirect("To the month", status: 303)])
        signedIn.post("plans", "google", ":direction", use: google).doc("Export to or import from Google Calendar from the page", tag: "Web",
                                                                       access: .signedInPage, responses: [.html("The month with the outcome")])
    }

    /// The month page, with an optional report or message.
    func render(_ request: Request, month: String? = nil, report: PlanImportReport? = nil, message: String? = nil,
                isError: Bool = false, status: HTTPResponseStatus = .ok) async throws -> Response {
        let progress = try PlansController.progress(request)
        let chosen = month ?? (try? request.query.get(String.self, at: "month")).flatMap { text in
            (try? PlanValues.date(text + "-01")) != nil && text.count == 7 ? text : nil
        } ?? String(progress.today.prefix(7))
        let first = chosen + "-01"
        let last = PlanDates.adding(-1, to: String(PlanDates.adding(32, to: first).prefix(8)) + "01")
        let start = PlanDates.monday(of: first), end = PlanDates.adding(6, to: PlanDates.monday(of: last))
        var model = PlansPage.Model(month: chosen, today: progress.today, calendar: try await progress.calendar(from: start, to: end),
                                    comparison: try await progress.comparison(from: start, to: end), report: report,
                                    message: message, isError: isError)
        let userID = try request.currentUserID
        model.feedURL = try await CalendarFeedController.service(request).current(userID: userID).url
        if let google = request.settings.google {
            model.googleConfigured = true
            if let connection = try await GoogleCalendarConnection.query(on: request.db).filter(\.$user.$id == userID).first() {
                model.googleConnected = true
                let client = GoogleCalendarClient(settings: google, client: request.client, cache: request.application.oidcCache,
                                                  cipher: TokenCipher(keys: request.settings.secrets.encryptionKeys), database: request.db,
                                                  clock: request.application.clock, logger: request.logger)
                model.calendars = (try? await client.calendars(connection)) ?? [GoogleCalendarClient.CalendarEntry(id: "primary", summary: nil, primary: true)]
            }
        }
        if message == nil {
            if (try? request.query.get(String.self, at: "calendar")) == "connected" { model.message = "plans.googleConnected" }
            if (try? request.query.get(String.self, at: "calendar_error")) != nil { model.message = "plans.googleError"; model.isError = true }
            if let done = try? request.query.get(String.self, at: "done"), ["created", "deleted", "feedRegenerated"].contains(done) {
                model.message = "plans." + done
            }
        }
        return Layout.response(PlansPage.render(model, context: PageContext(request: request)), status: status)
    }

    func month(request: Request) async throws -> Response {
        try await render(request)
    }

    struct SessionForm: Content {
        var date: String?
        var type: String?
        var name: String?
        var time: String?
        var distanceKm: String?
        var duration: String?
        var pace: String?
        var zone: String?
        var rpe: String?
        var elevation: String?
        var description: String?
        var coachNotes: String?

        enum CodingKeys: String, CodingKey {
            case date, type, name, time, duration, pace, zone, rpe, elevation, description
            case distanceKm = "distance_km", coachNotes = "coach_notes"
        }

        /// The API's request, with the people-friendly formats read (`1h15`, `5:30`, `12,5`).
        func request() throws -> PlanRequest {
            do {
                var input = PlanRequest(date: date, name: name ?? "", type: type)
                input.time = time ?? ""
                input.distance = try PlanValues.number(distanceKm ?? "", field: "distance", range: 0...1000).map { $0 * 1000 } ?? 0
                input.duration = try PlanValues.duration(duration ?? "") ?? 0
                input.targetSpeed = try PlanValues.pace(pace ?? "")
                input.zone = try zone.flatMap { $0.isEmpty ? nil : try PlanValues.zone($0) }
                input.rpe = try PlanValues.rpe(rpe ?? "")
                input.elevationGain = try PlanValues.number(elevation ?? "", field: "elevation", range: 0...20_000) ?? 0
                input.description = description ?? ""
                input.coachNotes = coachNotes ?? ""
                return input
            } catch let error as PlanValues.Unreadable {
                throw APIError.validation(error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
            }
        }
    }

    func create(request: Request) async throws -> Response {
        do {
            let form = try request.content.decode(SessionForm.self)
            let plan = try await PlanService(database: request.db, userID: try request.currentUserID).create(try form.request())
            return request.redirect(to: "/plans?month=\(plan.date.prefix(7))&done=created", redirectType: .normal)
        } catch let error as APIError {
            return try await render(request, message: error.message, isError: true, status: error.status)
        }
    }

    private func load(_ request: Request) async throws -> (PlannedWorkout, PlanService) {
        let service = PlanService(database: request.db, userID: try request.currentUserID)
        return (try await service.find(request.parameters.get("planID", as: UUID.self)), service)
    }

    func session(request: Request) async throws -> Response {
        let (plan, _) = try await load(request)
        let progress = try PlansController.progress(request)
        let loaded = try await progress.load(from: plan.date, to: plan.date)
        let activity = plan.id.flatMap { loaded.matches[$0] }.flatMap { id in loaded.activities.first { $0.id == id } }
        let sameDay = loaded.activities.compactMap { activity in
            activity.id.map { ActivityBrief(id: $0, name: activity.name, sport: activity.sport, distance: activity.distance,
                                             duration: activity.movingTime ?? activity.elapsedTime) }
        }
        let message = (try? request.query.get(String.self, at: "done")) == "saved" ? "plans.saved" : nil
        let model = PlanSessionPage.Model(session: try progress.session(plan, activity: activity), sameDay: sameDay, message: message)
        return Layout.response(PlanSessionPage.render(model, context: PageContext(request: request)))
    }

    func save(request: Request) async throws -> Response {
        let (plan, service) = try await load(request)
        do {
            try await service.update(plan, with: try request.content.decode(SessionForm.self).request())
            return request.redirect(to: "/plans/\(try plan.requireID().uuidString)?done=saved", redirectType: .normal)
        } catch let error as APIError {
            let progress = try PlansController.progress(request)
            let model = PlanSessionPage.Model(session: try progress.session(plan, activity: nil), sameDay: [], message: error.message, isError: true)
            return Layout.response(PlanSessionPage.render(model, context: PageContext(request: request)), status: error.status)
        }
    }

    struct ActionForm: Content { var completed: String?; var activityId: String?
        enum CodingKeys: String, CodingKey { case completed, activityId = "activity_id" }
    }

    func act(_ action: String, request: Request) async throws -> Response {
        let (plan, service) = try await load(request)
        let id = try plan.requireID().uuidString
        let form = (try? request.content.decode(ActionForm.self)) ?? ActionForm()
        switch action {
        case "complete":
            let done = form.completed != "false"
            try await service.update(plan, with: PlanRequest(completed: done, completionPercentage: done ? 100 : 0))
        case "delete":
            try await plan.delete(on: request.db)
            return request.redirect(to: "/plans?month=\(plan.date.prefix(7))&done=deleted", redirectType: .normal)
        case "link":
            guard let activityID = form.activityId.flatMap(UUID.init(uuidString:)),
                  try await Activity.query(on: request.db).filter(\.$id == activityID).filter(\.$user.$id == request.currentUserID).first() != nil else {
                throw APIError.notFound("activity")
            }
            plan.linkedActivityID = activityID
            plan.unlinked = false
            try await plan.save(on: request.db)
        default:
            plan.linkedActivityID = nil
            plan.unlinked = true
            try await plan.save(on: request.db)
        }
        return request.redirect(to: "/plans/\(id)", redirectType: .normal)
    }

    func importFile(request: Request) async throws -> Response {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        if context.credential == .cookie {
            let token = (try? request.query.get(String.self, at: "_csrf")) ?? ""
            guard CSRFProtection.originIsOurs(request),
                  SecureToken.constantTimeEquals(token, CSRFToken.token(sessionID: context.sessionID, settings: request.settings)) else {
                throw APIError.forbidden("The form has expired; reload the page.", code: "csrf_token")
            }
        }
        do {
            let file = try UploadBody.namedFile(request)
            var plan = file.name
            if let type = request.headers.contentType, let boundary = type.parameters["boundary"], let body = request.body.data {
                plan = Self.textField("plan", in: body, boundary: boundary)?.nilIfEmpty ?? file.name
            }
            let report = try await PlanImportService(database: request.db, userID: context.userID).importFile(file.data, plan: plan)
            let month = report.rows.compactMap { row in row.planId }.isEmpty ? nil
                : try await PlannedWorkout.query(on: request.db).filter(\.$id ~~ report.rows.compactMap(\.planId)).sort(\.$date).first()
                    .map { String($0.date.prefix(7)) }
            return try await render(request, month: month, report: report)
        } catch let error as APIError {
            return try await render(request, message: error.message, isError: true, status: error.status)
        }
    }

    /// A plain text field of a multipart form.
    static func textField(_ name: String, in body: ByteBuffer, boundary: String) -> String? {
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:], current = Data(), found: String?
        parser.onHeader = { key, value in headers[key.lowercased()] = value }
        parser.onBody = { buffer in current.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            if let disposition = headers["content-disposition"], disposition.contains("name=\"\(name)\""), !disposition.contains("filename=") {
                found = String(decoding: current, as: UTF8.self)
            }
            headers = [:]
            current = Data()
        }
        try? parser.execute(body)
        return found?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func regenerate(request: Request) async throws -> Response {
        _ = try await CalendarFeedController.service(request).regenerate(userID: try request.currentUserID)
        return request.redirect(to: "/plans?done=feedRegenerated", redirectType: .normal)
    }

    struct GoogleForm: Content { var calendarId: String?
        enum CodingKeys: String, CodingKey { case calendarId = "calendar_id" }
    }

    func google(request: Request) async throws -> Response {
        let direction = request.parameters.get("direction") ?? ""
        guard ["export", "import"].contains(direction) else { throw APIError.notFound() }
        let form = (try? request.content.decode(GoogleForm.self)) ?? GoogleForm()
        let s = PageContext(request: request).strings
        do {
            if direction == "export" {
                let report = try await GoogleCalendarController().exportReport(request, calendarID: form.calendarId)
                return try await render(request, message: "\(s["plans.googleDone"]) +\(report.created) · ↻\(report.updated)" + (report.failed > 0 ? " · ✗\(report.failed)" : ""))
            }
            let report = try await GoogleCalendarController().importReport(request, calendarID: form.calendarId)
            return try await render(request, report: report)
        } catch let error as APIError {
            return try await render(request, message: error.message, isError: true, status: error.status)
        }
    }
}

import AthletIQCore
import Fluent
import Vapor

/// Connecting Google Calendar (OAuth with offline access, tokens sealed), choosing a calendar,
/// exporting the plan to it and importing sport events from it.
struct GoogleCalendarController {
    static let provider = "google_calendar"
    static let scope = "openid email https://www.googleapis.com/auth/calendar"

    func register(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let google = signedIn.grouped("api", "v1", "google", "calendar")
        google.get(use: status).doc("Whether Google Calendar is set up and connected", tag: "Plans", access: .signedIn,
                                    responses: [.json(200, "The status", CalendarStatus.self)])
        google.get("connect", use: connect).doc("Start connecting Google Calendar: redirects to Google's consent page", tag: "Plans",
                                                access: .signedIn, responses: [.redirect("To Google", status: 302)])
        google.get("calendars", use: calendars).doc("My Google calendars", tag: "Plans", access: .signedIn,
                                                    responses: [.json(200, "The calendars", CalendarList.self)])
        google.post("export", use: export).doc("Export planned sessions to a calendar (again: updated, never duplicated)", tag: "Plans",
                                               access: .signedIn, body: .json(CalendarTransfer.self),
                                               responses: [.json(200, "What was written", GoogleCalendarService.ExportReport.self)])
        google.post("import", use: importEvents).doc("Import sport events of a calendar as planned sessions", tag: "Plans",
                                                     access: .signedIn, body: .json(CalendarTransfer.self),
                                                     responses: [.json(200, "The report", PlanImportReport.self)])
        google.delete(use: disconnect).doc("Disconnect Google Calendar (deletes the tokens)", tag: "Plans", access: .signedIn,
                                           responses: [.empty(204, "Disconnected")])
        open.grouped("api", "v1", "google", "calendar").get("callback", use: callback)
            .doc("Where Google sends the user back after connecting the calendar", tag: "Plans", access: .open,
                 query: [QueryParameter("code", .string, "Authorization code"), QueryParameter("state", .string, "The state we sent"),
                         QueryParameter("error", .string, "Set when the user refused")],
                 responses: [.redirect("To the plans page with ?calendar=connected or ?calendar_error=<reason>", status: 303)])
    }

    struct CalendarStatus: Content, APISchema {
        var configured: Bool
        var connected: Bool
        var calendarId: String?
        static var schema: Schema { .object([.init("configured", .boolean), .init("connected", .boolean), .init("calendar_id", .string, required: false)]) }
    }

    struct CalendarList: Content, APISchema {
        var items: [GoogleCalendarClient.CalendarEntry]
        static var schema: Schema {
            .object([.init("items", .array(.object([.init("id", .string), .init("summary", .string, required: false),
                                                     .init("primary", .boolean, required: false), .init("access_role", .string, required: false)])))])
        }
    }

    struct CalendarTransfer: Content, APISchema {
        var calendarId: String?
        var from: String?
        var to: String?
        static var schema: Schema {
            .object([.init("calendar_id", .string(description: "Default: the last one used, else primary"), required: false),
                     .init("from", .string(format: "date"), required: false), .init("to", .string(format: "date"), required: false)])
        }
    }

    private func settings(_ request: Request) throws -> GoogleSettings {
        guard let google = request.settings.google else {
            throw APIError(.notFound, code: "not_configured", message: "Google is not configured on this server.")
        }
        return google
    }

    private func client(_ request: Request, _ google: GoogleSettings) -> GoogleCalendarClient {
        GoogleCalendarClient(settings: google, client: request.client, cache: request.application.oidcCache,
                             cipher: TokenCipher(keys: request.settings.secrets.encryptionKeys), database: request.db,
                             clock: request.application.clock, logger: request.logger)
    }

    private func connection(_ request: Request) async throws -> GoogleCalendarConnection {
        guard let connection = try await GoogleCalendarConnection.query(on: request.db).filter(\.$user.$id == request.currentUserID).first() else {
            throw APIError.conflict("Google Calendar is not connected.", code: "not_connected")
        }
        return connection
    }

    static func callbackURL(_ request: Request) -> String {
        request.settings.http.publicURL + "/api/v1/google/calendar/callback"
    }

    func status(request: Request) async throws -> CalendarStatus {
        guard request.settings.google != nil else { return CalendarStatus(configured: false, connected: false) }
        let connection = try await GoogleCalendarConnection.query(on: request.db).filter(\.$user.$id == request.currentUserID).first()
        return CalendarStatus(configured: true, connected: connection != nil, calendarId: connection?.calendarID)
    }

    func connect(request: Request) async throws -> Response {
        let google = try settings(request)
        let context = try request.authContext.orThrow()
        let metadata: OIDCProviderMetadata
        do { metadata = try await client(request, google).oidc.metadata() } catch {
            throw APIError(.badGateway, code: "provider_unavailable", message: "Google cannot be reached right now; try again later.")
        }
        let started = try await OAuthStateStore(database: request.db).start(provider: Self.provider, userID: context.userID,
                                                                            returnTo: "/plans", binding: context.sessionID.uuidString)
        var components = URLComponents(string: metadata.authorizationEndpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems = existing + [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: google.clientID),
            URLQueryItem(name: "redirect_uri", value: Self.callbackURL(request)), URLQueryItem(name: "scope", value: Self.scope),
            URLQueryItem(name: "state", value: started.state), URLQueryItem(name: "nonce", value: started.nonce),
            URLQueryItem(name: "code_challenge", value: OIDCClient.pkceChallenge(for: started.codeVerifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"), URLQueryItem(name: "access_type", value: "offline"),
            URLQueryItem(name: "prompt", value: "consent"), URLQueryItem(name: "include_granted_scopes", value: "true"),
        ]
        return Response(status: .found, headers: ["Location": components?.string ?? metadata.authorizationEndpoint])
    }

    func callback(request: Request) async throws -> Response {
        let google = try settings(request)
        let frontend = request.settings.http.frontendURL
        func finish(_ outcome: String, _ detail: String? = nil) -> Response {
            if let detail { request.logger.notice("Google Calendar connection refused", metadata: ["reason": .string(outcome), "detail": .string(detail)]) }
            return request.redirect(to: frontend + "/plans?" + outcome, redirectType: .normal)
        }
        if let error = try? request.query.get(String.self, at: "error") {
            return finish("calendar_error=" + (error == "access_denied" ? "denied" : "provider_error"), error)
        }
        guard let context = request.authContext else { return request.redirect(to: frontend + "/login", redirectType: .normal) }
        guard let state = try? request.query.get(String.self, at: "state"),
              let pending = try await OAuthStateStore(database: request.db).consume(state, provider: Self.provider),
              pending.$user.id == context.userID, pending.nonce == context.sessionID.uuidString, let verifier = pending.codeVerifier else {
            return finish("calendar_error=bad_state", "state unknown, used, expired or of another session")
        }
        guard let code = try? request.query.get(String.self, at: "code"), !code.isEmpty else { return finish("calendar_error=missing_code") }
        let tokens: GoogleCalendarClient.Tokens
        do {
            tokens = try await client(request, google).exchange(code: code, verifier: verifier, redirectURI: Self.callbackURL(request))
        } catch let error as GoogleCalendarError {
            return finish("calendar_error=" + error.code, error.description)
        }
        guard tokens.scope.map({ $0.contains("calendar") }) ?? true else { return finish("calendar_error=wrong_scopes", tokens.scope) }
        let cipher = TokenCipher(keys: request.settings.secrets.encryptionKeys)
        let connection = try await GoogleCalendarConnection.query(on: request.db).filter(\.$user.$id == context.userID).first()
            ?? GoogleCalendarConnection()
        connection.$user.id = context.userID
        connection.accessTokenSealed = try cipher.seal(tokens.access_token)
        if let refresh = tokens.refresh_token { connection.refreshTokenSealed = try cipher.seal(refresh) }
        connection.expiresAt = request.application.clock.now().timeIntervalSince1970 + (tokens.expires_in ?? 3600)
        connection.scope = tokens.scope ?? Self.scope
        try await connection.save(on: request.db)
        return finish("calendar=connected")
    }

    func calendars(request: Request) async throws -> CalendarList {
        let google = try settings(request)
        do {
            return CalendarList(items: try await client(request, google).calendars(try await connection(request)))
        } catch let error as GoogleCalendarError {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: GoogleCalendarError) -> APIError {
        switch error.code {
        case "calendar_not_found": return APIError(.notFound, code: error.code, message: error.description)
        case "authorization_refused": return APIError.conflict(error.description, code: error.code)
        default: return APIError(.badGateway, code: error.code, message: error.description)
        }
    }

    private func range(_ input: CalendarTransfer, today: String, defaultBack: Int, defaultAhead: Int) throws -> (String, String) {
        for value in [input.from, input.to].compactMap({ $0 }) {
            guard (try? PlanValues.date(value)) == value else { throw APIError.validation("from and to must be YYYY-MM-DD.") }
        }
        let from = input.from ?? PlanDates.adding(-defaultBack, to: today)
        let to = input.to ?? PlanDates.adding(defaultAhead, to: today)
        guard from <= to, PlanDates.days(from: from, to: to).count < 400 else { throw APIError.validation("At most 400 days at once.") }
        return (from, to)
    }

    func export(request: Request) async throws -> GoogleCalendarService.ExportReport {
        let input = (try? request.content.decode(CalendarTransfer.self)) ?? CalendarTransfer()
        return try await exportReport(request, calendarID: input.calendarId, from: input.from, to: input.to)
    }

    func exportReport(_ request: Request, calendarID: String?, from: String? = nil, to: String? = nil) async throws -> GoogleCalendarService.ExportReport {
        let google = try settings(request)
        let connection = try await connection(request)
        let input = CalendarTransfer(calendarId: calendarID, from: from, to: to)
        let (from, to) = try range(input, today: PlanDates.day(request.application.clock.now()), defaultBack: 7, defaultAhead: 120)
        let service = GoogleCalendarService(calendar: client(request, google), userID: try request.currentUserID, language: Language.of(request),
                                            zone: try request.currentUser.zone)
        do {
            return try await service.export(to: input.calendarId ?? connection.calendarID ?? "primary", from: from, to: to, connection: connection)
        } catch let error as GoogleCalendarError {
            throw Self.apiError(error)
        }
    }

    func importEvents(request: Request) async throws -> PlanImportReport {
        let input = (try? request.content.decode(CalendarTransfer.self)) ?? CalendarTransfer()
        return try await importReport(request, calendarID: input.calendarId, from: input.from, to: input.to)
    }

    func importReport(_ request: Request, calendarID: String?, from: String? = nil, to: String? = nil) async throws -> PlanImportReport {
        let google = try settings(request)
        let connection = try await connection(request)
        let input = CalendarTransfer(calendarId: calendarID, from: from, to: to)
        let (from, to) = try range(input, today: PlanDates.day(request.application.clock.now()), defaultBack: 30, defaultAhead: 120)
        let service = GoogleCalendarService(calendar: client(request, google), userID: try request.currentUserID, language: Language.of(request),
                                            zone: try request.currentUser.zone)
        do {
            return try await service.importEvents(from: input.calendarId ?? "primary", between: from, and: to, connection: connection)
        } catch let error as GoogleCalendarError {
            throw Self.apiError(error)
        }
    }

    func disconnect(request: Request) async throws -> HTTPStatus {
        try await GoogleCalendarConnection.query(on: request.db).filter(\.$user.$id == request.currentUserID).delete()
        return .noContent
    }
}

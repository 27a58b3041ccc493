import Fluent
import Vapor

/// Connecting a Strava account: the redirect to Strava's consent page with a single-use,
/// expiring `state` bound to the signed-in session, and the callback that checks it, exchanges
/// the code and stores the tokens sealed. Every failure lands on the Strava page with a reason.
struct StravaOAuthController {
    static let provider = "strava"
    /// Read access to public and private activities; `activity:read` alone is accepted (private
    /// activities are then skipped by Strava). `profile:read_all` lists the athlete's bikes and
    /// shoes; without it their gear comes from the activities alone.
    static let requestedScope = "read,activity:read_all,profile:read_all"

    func register(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.grouped("api", "v1", "auth", "strava").get("login", use: login)
            .doc("Start connecting Strava: redirects to Strava's consent page", tag: "Strava", access: .signedIn,
                 query: [QueryParameter("return_to", .string, "A path of this site to land on afterwards (default /strava)")],
                 responses: [.redirect("To Strava's authorize page", status: 302), .json(404, "Strava is not configured", ErrorBodySchema.self)])
        open.grouped("api", "v1", "auth", "strava").get("callback", use: callback)
            .doc("Where Strava sends the athlete back", tag: "Strava", access: .open,
                 query: [QueryParameter("code", .string, "Authorization code"), QueryParameter("state", .string, "The state we sent"),
                         QueryParameter("scope", .string, "The scopes the athlete granted"),
                         QueryParameter("error", .string, "access_denied when the athlete refused")],
                 responses: [.redirect("To the Strava page with ?connected=1 or ?error=<reason>", status: 303)])
    }

    func login(request: Request) async throws -> Response {
        let strava = try request.strava.settings
        let context = try request.authContext.orThrow()
        let returnTo = (try? request.query.get(String.self, at: "return_to")).flatMap(SafeRedirect.path) ?? "/strava"
        let started = try await OAuthStateStore(database: request.db).start(
            provider: Self.provider, userID: context.userID, returnTo: returnTo, binding: context.sessionID.uuidString)
        var components = URLComponents(string: strava.oauthURL + "/authorize")
        components?.queryItems = [
            URLQueryItem(name: "client_id", value: strava.clientID),
            URLQueryItem(name: "redirect_uri", value: strava.callbackURL),
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "approval_prompt", value: "auto"),
            URLQueryItem(name: "scope", value: Self.requestedScope),
            URLQueryItem(name: "state", value: started.state),
        ]
        guard let location = components?.string else {
            throw APIError(.internalServerError, code: "not_configured", message: "STRAVA_OAUTH_URL is not usable.")
        }
        return Response(status: .found, headers: ["Location": location])
    }

    func callback(request: Request) async throws -> Response {
        let services = try request.strava
        let frontend = request.settings.http.frontendURL
        func finish(_ path: String, _ outcome: String, _ detail: String? = nil) -> Response {
            if let detail {
                request.logger.notice("Strava connection refused", metadata: ["reason": .string(outcome), "detail": .string(detail)])
            }
            let separator = path.contains("?") ? "&" : "?"
            return request.redirect(to: frontend + path + separator + outcome, redirectType: .normal)
        }
        if let error = try? request.query.get(String.self, at: "error") {
            return finish("/strava", error == "access_denied" ? "error=denied" : "error=strava_error", error)
        }
        guard let context = request.authContext else {
            return finish("/login", "error=strava_not_signed_in", "no session on callback")
        }
        guard let state = try? request.query.get(String.self, at: "state"),
              let pending = try await OAuthStateStore(database: request.db).consume(state, provider: Self.provider),
              pending.$user.id == context.userID, pending.nonce == context.sessionID.uuidString else {
            return finish("/strava", "error=bad_state", "state missing, used, expired or of another session")
        }
        let returnTo = pending.returnTo ?? "/strava"
        guard let code = try? request.query.get(String.self, at: "code"), !code.isEmpty else {
            return finish(returnTo, "error=missing_code", "no code")
        }
        let granted = Set(((try? request.query.get(String.self, at: "scope")) ?? "")
            .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init))
        guard granted.contains("activity:read_all") || granted.contains("activity:read") else {
            return finish(returnTo, "error=wrong_scopes", "granted: \(granted.sorted())")
        }
        let tokens: StravaTokenPayload
        do {
            tokens = try await services.tokens.exchange(code: code)
        } catch {
            return finish(returnTo, "error=exchange_failed", "\(error)")
        }
        guard let athlete = tokens.athlete else { return finish(returnTo, "error=exchange_failed", "no athlete in the answer") }
        if let other = try await StravaConnection.query(on: request.db).filter(\.$athleteID == athlete.id).first(),
           other.$user.id != context.userID {
            // Strava keeps one grant per athlete: the new tokens replace the first account's, so
            // they go to that account, whose connection keeps working.
            try services.tokens.store(tokens, in: other)
            other.scopes = granted.sorted().joined(separator: ",")
            try await other.save(on: request.db)
            return finish(returnTo, "error=already_linked", "athlete \(athlete.id) belongs to another account")
        }
        var existing = try await services.connection(userID: context.userID)
        if let previous = existing, previous.athleteID != athlete.id {
            // Another Strava athlete on the same account: what came from the previous one goes.
            try await StravaDisconnection(services: services).deleteEverything(of: previous)
            existing = nil
        }
        let connection = existing ?? StravaConnection()
        let wasRefused = existing?.status == "reauthorize"
        connection.$user.id = context.userID
        connection.athleteID = athlete.id
        connection.athleteName = [athlete.firstname, athlete.lastname].compactMap { $0 }.joined(separator: " ")
        connection.scopes = granted.sorted().joined(separator: ",")
        try services.tokens.store(tokens, in: connection)
        if existing == nil {
            connection.syncStatus = "idle"
            connection.syncPage = 1
            connection.syncFetched = 0
        }
        connection.lastError = nil
        try await connection.save(on: request.db)
        request.logger.notice("Strava connected", metadata: ["user_id": .string(context.userID.uuidString), "athlete_id": "\(athlete.id)"])
        // Summaries cost one read per 200 activities: fetch what is new now, streams follow.
        let syncing = try await StravaJob.query(on: request.db).filter(\.$user.$id == context.userID)
            .filter(\.$kind == .sync).filter(\.$status ~~ [.pending, .running]).count() > 0
        let sync = StravaSync(services: services)
        if !syncing {
            // An import stopped by the refusal goes on from where it was; otherwise what is new.
            if ["running", "waiting", "failed"].contains(connection.syncStatus) {
                try await sync.resume(connection)
            } else {
                try await sync.startIncremental(connection, newcomer: existing == nil)
            }
        }
        // Activities whose enrichment failed while Strava refused us are queued again.
        if wasRefused { try await sync.enqueueUnenriched(userID: context.userID) }
        return finish(returnTo, "connected=1")
    }
}

extension Optional where Wrapped == AuthContext {
    func orThrow() throws -> AuthContext {
        guard let value = self else { throw APIError.unauthorized() }
        return value
    }
}

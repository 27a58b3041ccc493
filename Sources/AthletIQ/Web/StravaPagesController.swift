import Fluent
import Vapor

/// The Strava page and its plain-form actions (sync, fetch everything, disconnect).
struct StravaPagesController {
    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("strava", use: page).doc("The Strava page", tag: "Web", access: .signedInPage,
                                              query: [QueryParameter("connected", .string, "Set after a successful connection"),
                                                      QueryParameter("error", .string, "Why a connection failed")],
                                              responses: [.html("The page")])
        signedIn.post("strava", "sync", use: sync).doc("Start importing the Strava history from the page", tag: "Web",
                                                       access: .signedInPage, body: .media("application/x-www-form-urlencoded", .object([.init("period", .string)])),
                                                       responses: [.redirect("Back to the page", status: 303)])
        signedIn.post("strava", "enrich-all", use: enrichAll).doc("Queue the details of every Strava activity from the page", tag: "Web",
                                                                  access: .signedInPage, responses: [.redirect("Back to the page", status: 303)])
        signedIn.post("strava", "disconnect", use: disconnect).doc("Disconnect Strava from the page", tag: "Web",
                                                                   access: .signedInPage, responses: [.redirect("Back to the page", status: 303)])
    }

    static let knownErrors: Set<String> = ["denied", "wrong_scopes", "bad_state", "missing_code", "exchange_failed", "already_linked", "strava_error"]

    func page(request: Request) async throws -> Response {
        var model = StravaPage.Model(configured: request.application.settings.strava != nil, now: request.application.clock.now())
        if let error = try? request.query.get(String.self, at: "error") {
            model.message = "strava.error." + (Self.knownErrors.contains(error) ? error : "strava_error")
            model.isError = true
        } else if (try? request.query.get(String.self, at: "connected")) != nil {
            model.message = "strava.connected"
        } else if let done = try? request.query.get(String.self, at: "done"), ["syncStarted", "disconnected", "enrichQueued"].contains(done) {
            model.message = "strava." + done
        }
        if let services = StravaServices(application: request.application, database: request.db, logger: request.logger) {
            let userID = try request.currentUserID
            if let connection = try await services.connection(userID: userID) {
                model.status = try await StravaController.status(of: connection, database: request.db)
                model.queue = try await StravaQueueEstimate(services: services).estimate(userID: userID)
            }
            model.quota = try await services.quota.snapshot()
        }
        return Layout.response(StravaPage.render(model, context: PageContext(request: request)))
    }

    struct SyncForm: Content { var period: String? }

    func sync(request: Request) async throws -> Response {
        let services = try request.strava
        let form = try? request.content.decode(SyncForm.self)
        guard let connection = try await services.connection(userID: try request.currentUserID),
              let period = StravaSync.periods[form?.period ?? "90"] else {
            return request.redirect(to: "/strava", redirectType: .normal)
        }
        try await StravaSync(services: services).start(connection, periodDays: period)
        return request.redirect(to: "/strava?done=syncStarted", redirectType: .normal)
    }

    func enrichAll(request: Request) async throws -> Response {
        _ = try await StravaController().enrichAll(request: request)
        return request.redirect(to: "/strava?done=enrichQueued", redirectType: .normal)
    }

    func disconnect(request: Request) async throws -> Response {
        _ = try await StravaController().disconnect(request: request)
        return request.redirect(to: "/strava?done=disconnected", redirectType: .normal)
    }
}

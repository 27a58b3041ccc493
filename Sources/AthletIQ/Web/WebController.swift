import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The web pages: sign-in and sign-up forms, the dashboard and the activity list.
struct WebController {
    func register(_ app: Application) {
        let pages = app.grouped(UserAuthenticator(), PageSession())
        let signedIn = pages.grouped(RequirePageUser(), CSRFProtection())
        pages.get("login", use: loginForm).doc("The login page", tag: "Web", access: .open, responses: [.html("The form")])
        pages.post("login", use: login).doc("Log in from the form", tag: "Web", access: .open,
                                            body: .media("application/x-www-form-urlencoded", .object([.init("email", .string), .init("password", .string)])),
                                            responses: [.redirect("To the dashboard, or back to the form with the error", status: 303)])
        pages.get("signup", use: signupForm).doc("The sign-up page", tag: "Web", access: .open, responses: [.html("The form")])
        pages.post("signup", use: signup).doc("Sign up from the form", tag: "Web", access: .open,
                                              body: .media("application/x-www-form-urlencoded", .object([.init("full_name", .string), .init("email", .string), .init("password", .string)])),
                                              responses: [.redirect("To the dashboard, or back to the form with the error", status: 303)])
        signedIn.post("logout", use: logout).doc("Log out from the page", tag: "Web", access: .signedInPage,
                                                 responses: [.redirect("To the login page", status: 303)])
        signedIn.get(use: dashboard).doc("The dashboard", tag: "Web", access: .signedInPage,
                                         query: [QueryParameter("period", .enumeration(DashboardPage.periods), "Days shown (default 30)")],
                                         responses: [.html("The dashboard")])
        signedIn.get("activities", ":activityID", use: activity).doc("One activity", tag: "Web", access: .signedInPage,
                                                                     responses: [.html("The activity page")])
        signedIn.post("activities", ":activityID", "delete", use: deleteActivity).doc("Delete an activity from its page", tag: "Web",
                                                                                       access: .signedInPage, responses: [.redirect("To the list", status: 303)])
        signedIn.get("import", use: importPage).doc("The import page", tag: "Web", access: .signedInPage, responses: [.html("The page")])
        pages.grouped(RequirePageUser()).on(.POST, "import", body: .stream, use: importFiles)
            .doc("Import files from the plain form (the CSRF token travels in the query)", tag: "Web", access: .signedInPage,
                 body: .media("multipart/form-data", .object([.init("file", .array(.binary))])),
                 query: [QueryParameter("_csrf", .string, "The session's CSRF token", required: true)],
                 responses: [.html("The page with the report")])
        signedIn.post("activities", ":activityID", "sport", use: correctSport)
            .doc("Correct an activity's sport from the list (the correction survives later updates)", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([.init("sport", .string)])),
                 responses: [.redirect("Back to the list", status: 303)])
        signedIn.post("activities", ":activityID", "race", use: saveRace)
            .doc("Mark a run as a race, with its official distance (km) and time", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([.init("race", .string, required: false),
                                                                            .init("race_distance", .string, required: false),
                                                                            .init("race_time", .string, required: false)])),
                 responses: [.redirect("Back to the activity", status: 303)])
        signedIn.post("activities", "bulk", use: bulk)
            .doc("Delete, or set the sport of, several activities", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([.init("ids", .array(.string)), .init("action", .string)])),
                 responses: [.redirect("Back to the list", status: 303)])
        signedIn.get("activities", use: activities).doc("The activity list", tag: "Web", access: .signedInPage,
                                                        query: [QueryParameter("page", .integer, "Page"), QueryParameter("sport", .string, "Sport"),
                                                                QueryParameter("q", .string, "Text")],
                                                        responses: [.html("The list")])
    }

    func loginForm(request: Request) -> Response {
        if request.authContext != nil { return request.redirect(to: "/", redirectType: .normal) }
        let model = AuthPages.Model(next: (try? request.query.get(String.self, at: "next")).flatMap(SafeRedirect.path),
                                    googleEnabled: request.settings.google != nil)
        return Layout.response(AuthPages.login(model, context: PageContext(request: request)))
    }

    struct LoginForm: Content { var email: String?; var password: String?; var next: String? }

    func login(request: Request) async throws -> Response {
        let form = (try? request.content.decode(LoginForm.self)) ?? LoginForm()
        let context = PageContext(request: request)
        var model = AuthPages.Model(email: form.email ?? "", next: form.next.flatMap(SafeRedirect.path), googleEnabled: request.settings.google != nil)
        guard CSRFProtection.originIsOurs(request) else {
            model.error = "The form was sent from another site."
            return Layout.response(AuthPages.login(model, context: context), status: .forbidden)
        }
        do {
            let user = try await AuthController.checkCredentials(email: form.email ?? "", password: form.password ?? "", request: request)
            return try await startSession(user, request: request, to: model.next ?? "/")
        } catch let error as APIError {
            model.error = error.code == "rate_limited" ? context.strings["login.tooMany"]
                : error.code == "invalid_credentials" ? context.strings["login.failed"] : error.message
            let response = Layout.response(AuthPages.login(model, context: context), status: error.status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    func signupForm(request: Request) -> Response {
        Layout.response(AuthPages.signup(AuthPages.Model(), context: PageContext(request: request)))
    }

    struct SignupForm: Content {
        var fullName: String?
        var email: String?
        var password: String?

        /// Form fields keep their HTML names (forms are not decoded with the API's key conversion).
        enum CodingKeys: String, CodingKey {
            case fullName = "full_name", email, password
        }
    }

    func signup(request: Request) async throws -> Response {
        let form = (try? request.content.decode(SignupForm.self)) ?? SignupForm()
        let context = PageContext(request: request)
        var model = AuthPages.Model(email: form.email ?? "", name: form.fullName ?? "")
        guard CSRFProtection.originIsOurs(request) else {
            model.error = "The form was sent from another site."
            return Layout.response(AuthPages.signup(model, context: context), status: .forbidden)
        }
        do {
            let decision = try await request.rateLimiter.hit("signup-ip:\(request.clientIP)", limit: request.settings.rateLimits.signup)
            guard decision.allowed else { throw decision.error(context.strings["login.tooMany"]) }
            let user = try await AccountService(request: request).signUp(fullName: form.fullName ?? "", email: form.email ?? "", password: form.password ?? "")
            return try await startSession(user, request: request, to: "/")
        } catch let error as APIError {
            model.error = error.message
            let response = Layout.response(AuthPages.signup(model, context: context), status: error.status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    private func startSession(_ user: User, request: Request, to path: String) async throws -> Response {
        let tokens = try await SessionService(request: request).start(
            user: user, device: DeviceDescription.from(userAgent: request.headers.first(name: .userAgent)), ip: request.clientIP)
        let response = request.redirect(to: path, redirectType: .normal)
        AuthCookies.set(tokens, on: response, settings: request.settings)
        return response
    }

    func logout(request: Request) async throws -> Response {
        if let context = request.authContext, let session = try await AuthSession.find(context.sessionID, on: request.db) {
            try await SessionService(request: request).revoke(session, reason: "logout")
        }
        let response = request.redirect(to: "/login", redirectType: .normal)
        AuthCookies.clear(on: response, settings: request.settings)
        return response
    }

    func dashboard(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        func choice(_ name: String, _ allowed: [String], _ fallback: String) -> String {
            (try? request.query.get(String.self, at: name)).flatMap { allowed.contains($0) ? $0 : nil } ?? fallback
        }
        let period = choice("period", DashboardPage.periods, "30")
        let metric = choice("metric", DashboardPage.metrics, "distance")
        let group = choice("group", DashboardPage.groups, period == "7" || period == "30" ? "day" : period == "all" ? "month" : "week")
        let family = (try? request.query.get(String.self, at: "family")).flatMap { DashboardPage.families.contains($0) ? $0 : nil }
        let now = request.application.clock.now()
        let zone = try request.currentUser.zone
        var days = AthleteDays(zone: zone)
        let today = days.day(now)
        // The last N of the athlete's days, today included.
        let from = period == "all" ? nil : days.start(ofDay: today - (Int(period) ?? 30) + 1)
        let statistics = StatisticsService(database: request.db, userID: userID, cache: request.application.activityRowsCache, zone: zone)
        let sports = family.map { name in Set(Sport.allCases.filter { $0.family.rawValue == name }.map(\.rawValue)) }
        let stats = try await statistics.statistics(group: StatisticsService.Group(rawValue: group) ?? .week, from: from, to: nil, sports: sports)
        let fitness = try await statistics.fitness(metric: "load", from: today - 89, to: today)
        var recentQuery = Activity.query(on: request.db).filter(\.$user.$id == userID)
        if let sports { recentQuery = recentQuery.filter(\.$sport ~~ Array(sports)) }
        let recent = try await recentQuery.sort(\.$startDate, .descending).limit(5).all()
        func value(_ period: PeriodStatsDTO) -> Double {
            switch metric {
            case "time": return period.movingTime / 3600
            case "elevation": return period.elevationGain
            case "load": return period.load
            case "count": return Double(period.count)
            default: return period.distance / 1000
            }
        }
        // Every period of the chart, rest days (and weeks, months) included as empty bars.
        let chartGroup = StatisticsService.Group(rawValue: group) ?? .week
        let firstDay = period == "all" ? stats.periods.first.map { days.day($0.start) } : today - (Int(period) ?? 30) + 1
        var labels: [String] = []
        if let firstDay {
            var last: Int?
            for day in firstDay...max(firstDay, today) {
                let start = StatisticsService.periodStart(day: day, chartGroup)
                if start != last { labels.append(StatisticsService.label(day: start, chartGroup)); last = start }
            }
        }
        let byLabel = Dictionary(stats.periods.map { ($0.period, $0) }, uniquingKeysWith: { first, _ in first })
        let values = labels.map { byLabel[$0].map(value) ?? 0 }
        var model = DashboardPage.Model(
            period: period, count: stats.total.count, distance: stats.total.distance, movingTime: stats.total.movingTime,
            elevation: stats.total.elevationGain,
            volumeLabels: Self.shortLabels(labels), volumeKilometres: labels.map { (byLabel[$0]?.distance ?? 0) / 1000 },
            fitnessLabels: fitness.days.map { String($0.date.suffix(5)) }, fitness: fitness.days.map(\.fitness),
            fatigue: fitness.days.map(\.fatigue), form: fitness.days.map(\.form), status: fitness.status, todayForm: fitness.today?.form,
            recent: recent.compactMap(Self.row), metric: metric, group: group, family: family, volumeValues: values)
        model.upcoming = try await PlansController.progress(request).upcoming().next.prefix(3).map { $0 }
        model.goals = try await GoalService(database: request.db, userID: userID, statistics: statistics)
            .progress(now: request.application.clock.now())
        model.gearDue = try await GearService.of(request).due()
        if let connection = try await StravaConnection.query(on: request.db).filter(\.$user.$id == userID).first() {
            model.strava = try await StravaController.status(of: connection, database: request.db)
        }
        return Layout.response(DashboardPage.render(model, context: PageContext(request: request)))
    }

    /// `MM-DD` when every label is in one year, the full date otherwise.
    static func shortLabels(_ labels: [String]) -> [String] {
        Set(labels.map { $0.prefix(4) }).count <= 1 ? labels.map { String($0.suffix(5)) } : labels
    }

    static func row(_ activity: Activity) -> DashboardPage.ActivityRow? {
        guard let id = activity.id else { return nil }
        return DashboardPage.ActivityRow(id: id, name: activity.name, sport: activity.sport, date: activity.startDate,
                                         distance: activity.distance, movingTime: activity.movingTime ?? activity.elapsedTime,
                                         speed: Self.movingSpeed(activity))
    }

    /// Over moving time, like the time shown beside it and the activity page (a file's own
    /// average is often over elapsed time: 5:14 /km in the list against 5:13 on the page).
    static func movingSpeed(_ activity: Activity) -> Double? {
        guard let distance = activity.distance, let moving = activity.movingTime, distance > 0, moving > 0 else { return activity.averageSpeed }
        return distance / moving
    }

    func activity(request: Request) async throws -> Response {
        let activity = try await ActivitiesController.find(request)
        let id = try activity.requireID()
        var samples = SampleSeries()
        if let stream = try await ActivityStream.query(on: request.db).filter(\.$activity.$id == id).first() {
            samples = (try? SampleCodec.decode(stream.data)) ?? SampleSeries()
        }
        let analysis = activity.analysisJSON.flatMap { try? JSONDecoder.api.decode(ActivityAnalysis.self, from: Data($0.utf8)) }
        let model = ActivityDetailPage.Model(
            id: id, name: activity.name, sport: activity.sport, date: activity.startDate, distance: activity.distance,
            movingTime: activity.movingTime, elapsedTime: activity.elapsedTime, ascent: activity.ascent,
            averageHeartRate: activity.averageHeartRate, averageSpeed: activity.averageSpeed,
            gradeAdjustedSpeed: activity.gradeAdjustedSpeed, load: activity.load,
            records: try await RecordFlags.records(of: activity, on: request.db), samples: samples, analysis: analysis,
            isRace: activity.isRace, raceDistance: activity.raceDistance, raceTime: activity.raceTime,
            laps: LapDTO.decode(activity.lapsJSON), device: activity.device, calories: activity.calories,
            chartAxis: request.query[String.self, at: "x"].flatMap(ActivityCharts.Axis.init(rawValue:)) ?? .distance,
            description: activity.descriptionText, notes: activity.privateNotes, perceivedEffort: activity.perceivedEffort, gear: activity.gear,
            gearID: activity.gearID, gearChoices: try await Gear.query(on: request.db).filter(\.$user.$id == request.currentUserID).all()
                .filter { $0.retiredAt == nil || $0.id == activity.gearID }.sorted { $0.name.lowercased() < $1.name.lowercased() }
                .compactMap { gear in gear.id.map { ($0, gear.name) } },
            hasOriginal: try await ActivityFile.query(on: request.db).filter(\.$activity.$id == id).count() > 0,
            message: request.query[String.self, at: "done"] == "saved" ? "activity.saved" : nil)
        return Layout.response(ActivityDetailPage.render(model, context: PageContext(request: request)))
    }

    func deleteActivity(request: Request) async throws -> Response {
        _ = try await ActivitiesController().delete(request: request)
        return request.redirect(to: "/activities", redirectType: .normal)
    }

    func importPage(request: Request) -> Response {
        Layout.response(ImportPage.render(ImportPage.Model(), context: PageContext(request: request)))
    }

    /// The no-JavaScript upload: a multipart form; the CSRF token comes in the query string
    /// because the body is read only after the checks.
    func importFiles(request: Request) async throws -> Response {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        if context.credential == .cookie {
            let token = (try? request.query.get(String.self, at: "_csrf")) ?? ""
            guard CSRFProtection.originIsOurs(request),
                  SecureToken.constantTimeEquals(token, CSRFToken.token(sessionID: context.sessionID, settings: request.settings)) else {
                throw APIError.forbidden("The form has expired; reload the page.", code: "csrf_token")
            }
        }
        let page = PageContext(request: request)
        do {
            switch try await UploadService(request: request, userID: context.userID).upload() {
            case .report(let report, _):
                return Layout.response(ImportPage.render(ImportPage.Model(report: report), context: page))
            case .job:
                return Layout.response(ImportPage.render(ImportPage.Model(started: true), context: page), status: .accepted)
            }
        } catch let error as APIError {
            let response = Layout.response(ImportPage.render(ImportPage.Model(error: error.message), context: page), status: error.status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    func activities(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        let context = PageContext(request: request)
        let perPage = 25
        // The page's parameters are lenient (a bad value is left out, a bad page number is the
        // first page) but bounded, so the offset cannot overflow.
        let page = min(QueryBounds.maxPage, max(1, (try? request.query.get(Int.self, at: "page")) ?? 1))
        func text(_ name: String) -> String? {
            request.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { String($0.prefix(100)) }
        }
        var filters = ActivitiesPage.Filters()
        filters.query = text("q")
        filters.sport = text("sport").flatMap { Sport(rawValue: $0)?.rawValue }
        let days = AthleteDays(zone: context.zone)
        func day(_ name: String) -> (text: String, day: Int)? {
            guard let value = text(name), AthleteDays.isBareDate(value), let date = ISODate.parse(value),
                  date >= QueryBounds.earliest, date < QueryBounds.latest else { return nil }
            return (value, FitnessModel.dayNumber(date))
        }
        let from = day("from"), to = day("to")
        filters.from = from?.text
        filters.to = to?.text
        filters.races = text("race") == "on"
        filters.sort = text("sort").flatMap(ActivityListQuery.Sort.init(rawValue:)) ?? .date
        filters.ascending = text("order") == "asc"
        var query = ActivityListQuery(userID: userID, postgres: request.settings.database.kind == "postgres")
        query.text = filters.query
        query.sports = filters.sport.map { [$0] }
        query.from = from.map { days.start(ofDay: $0.day) }
        query.to = to.map { days.start(ofDay: $0.day + 1) }
        query.racesOnly = filters.races
        query.sort = filters.sort
        query.ascending = filters.ascending
        let (found, total) = try await query.rows(page, perPage: perPage, on: request.db)
        let records = try await RecordFlags.currentHolders(userID: userID, among: found.map(\.id), on: request.db)
        let rows = found.map { row in
            var item = ActivitiesPage.Row(id: row.id, name: row.name, sport: row.sport, date: row.start_date, distance: row.distance,
                                          movingTime: row.moving_time ?? row.elapsed_time, speed: nil, ascent: row.ascent,
                                          heartRate: row.average_heart_rate, load: row.load)
            let moving = row.moving_time ?? row.elapsed_time
            item.speed = row.distance.flatMap { distance in distance > 0 && moving > 0 ? distance / moving : nil } ?? row.average_speed
            if row.source == "strava" { item.badges.append("strava") }
            if row.source == "strava" && row.enriched_at == nil { item.badges.append("summary") }
            if row.is_race { item.badges.append("race") }
            if records.contains(row.id) { item.badges.append("record") }
            return item
        }
        let done = text("done").flatMap { ["updated", "deletedMany"].contains($0) ? "activities." + $0 : nil }
        let model = ActivitiesPage.Model(items: rows, total: total, page: page, pages: (total + perPage - 1) / perPage,
                                         filters: filters, message: done)
        return Layout.response(ActivitiesPage.render(model, context: context))
    }

    struct SportForm: Content { var sport: String? }

    struct RaceForm: Content {
        var race: String?, raceDistance: String?, raceTime: String?
        enum CodingKeys: String, CodingKey { case race, raceDistance = "race_distance", raceTime = "race_time" }
    }

    /// The race form: unticked clears the official result; empty fields clear theirs.
    func saveRace(request: Request) async throws -> Response {
        let activity = try await ActivitiesController.find(request)
        let form = try request.content.decode(RaceForm.self)
        let isRace = form.race == "on"
        let kilometres: Double?, seconds: Double?
        do {
            kilometres = try PlanValues.number(isRace ? form.raceDistance ?? "" : "", field: "distance", range: 0.1...1000)
            seconds = try PlanValues.duration(isRace ? form.raceTime ?? "" : "")
        } catch {
            throw APIError.validation("The official distance is in kilometres (42.195) and the time reads like 3:29:58.")
        }
        if try RaceResult.apply(distance: kilometres.map { $0 * 1000 } ?? 0, time: seconds ?? 0, race: isRace, to: activity) {
            try await activity.save(on: request.db)
            try await ActivityAnalysisService(database: request.db, userID: try request.currentUserID).analyze(activity)
        }
        return request.redirect(to: "/activities/\(try activity.requireID().uuidString)", redirectType: .normal)
    }

    func correctSport(request: Request) async throws -> Response {
        let activity = try await ActivitiesController.find(request)
        let form = try request.content.decode(SportForm.self)
        try await Self.setSport(form.sport ?? "", of: activity, request: request)
        return request.redirect(to: request.headers.first(name: .referer).flatMap(Self.localPath) ?? "/activities?done=updated", redirectType: .normal)
    }

    static func setSport(_ sport: String, of activity: Activity, request: Request) async throws {
        try await ActivityEditing(database: request.db, userID: try request.currentUserID).apply(ActivityEdit(sport: sport), to: activity)
    }

    /// The path of a Referer of ours, to go back where the user was.
    static func localPath(_ referer: String) -> String? {
        guard let components = URLComponents(string: referer), let path = SafeRedirect.path(components.path), path.hasPrefix("/activities") else { return nil }
        return path + (components.query.map { "?" + $0 } ?? "")
    }

    struct BulkForm: Content { var ids: [UUID]?; var action: String? }

    func bulk(request: Request) async throws -> Response {
        let form = try request.content.decode(BulkForm.self)
        let ids = Array((form.ids ?? []).prefix(500))
        let activities = try await Activity.query(on: request.db).filter(\.$user.$id == request.currentUserID).filter(\.$id ~~ ids).all()
        let action = form.action ?? ""
        if action == "delete" {
            for activity in activities { try await ActivityDeletion(database: request.db).delete(activity) }
            return request.redirect(to: "/activities?done=deletedMany", redirectType: .normal)
        }
        if action.hasPrefix("sport:") {
            for activity in activities { try await Self.setSport(String(action.dropFirst(6)), of: activity, request: request) }
        }
        return request.redirect(to: "/activities?done=updated", redirectType: .normal)
    }
}

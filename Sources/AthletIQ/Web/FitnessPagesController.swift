import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The long-term fitness page.
struct FitnessPagesController {
    /// How far the planned sessions are projected.
    static let projectionDays = 42

    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("fitness", use: page)
            .doc("Fitness, fatigue and form over a range, with form's bands, the ramp rate and the planned sessions projected",
                 tag: "Web", access: .signedInPage,
                 query: [QueryParameter("range", .enumeration(FitnessRange.allCases.map(\.rawValue)), "Range ending today (default 1y)"),
                         QueryParameter("metric", .enumeration(FitnessMetric.names), "Load metric (default load)")],
                 responses: [.html("The page")])
    }

    func page(request: Request) async throws -> Response {
        let rangeName = try request.queryText("range", maxLength: 10) ?? FitnessRange.year.rawValue
        guard let range = FitnessRange(rawValue: rangeName) else { throw APIError.validation("range must be 90d, 6m, 1y, 2y, 5y or all.") }
        let metric = try request.queryText("metric", maxLength: 20) ?? "load"
        guard FitnessMetric.names.contains(metric) else { throw APIError.validation("metric must be load, trimp, heart_rate, pace or power.") }
        let user = try request.currentUser
        let userID = try request.currentUserID
        var days = AthleteDays(zone: user.zone)
        let today = days.day(request.application.clock.now())
        var firstActivityDay: Int?
        if range == .all, let first = try await Activity.query(on: request.db).filter(\.$user.$id == userID)
            .sort(\.$startDate).field(\.$id).field(\.$startDate).first() {
            firstActivityDay = days.day(first.startDate)
        }
        let chart = try await StatisticsService(database: request.db, userID: userID, cache: request.application.activityRowsCache, zone: user.zone)
            .fitness(metric: metric, from: range.firstDay(today: today, firstActivityDay: firstActivityDay), to: today,
                     projectDays: Self.projectionDays)
        let model = FitnessPage.Model(range: range, metric: metric, chart: chart)
        return Layout.response(FitnessPage.render(model, context: PageContext(request: request)))
    }
}

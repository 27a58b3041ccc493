import AthletIQCore
import Foundation
import Vapor

/// The summaries page: tables by week, month or year, and the years laid over one another.
struct SummariesPagesController {
    /// Years drawn on the cumulative chart, this one included.
    static let years = 5

    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("summaries", use: page)
            .doc("Totals by week (26), month (24) or year (all), and the distance accumulated through each of the last five years",
                 tag: "Web", access: .signedInPage,
                 query: [QueryParameter("group", .enumeration(SummariesPage.Grouping.allCases.map(\.rawValue)), "Period (default week)"),
                         QueryParameter("family", .enumeration(SummariesPage.families), "A sport family (default every sport)")],
                 responses: [.html("The page")])
        signedIn.post("goals", use: addGoal)
            .doc("Add a goal from the summaries page", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([
                     .init("target", .string), .init("metric", .string), .init("period", .string), .init("family", .string, required: false)])),
                 responses: [.redirect("Back to the summaries", status: 303)])
        signedIn.post("goals", ":goalID", "delete", use: removeGoal)
            .doc("Remove a goal from the summaries page", tag: "Web", access: .signedInPage, responses: [.redirect("Back to the summaries", status: 303)])
    }

    struct GoalForm: Content {
        var target: String?, metric: String?, period: String?, family: String?
    }

    /// Distances are typed in km and times in hours; stored in metres and seconds.
    func addGoal(request: Request) async throws -> Response {
        let form = (try? request.content.decode(GoalForm.self)) ?? GoalForm()
        let metric = form.metric ?? "distance"
        guard let number = form.target.flatMap({ Double($0.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)) }) else {
            throw APIError.validation("The target is a number.")
        }
        let target = metric == "distance" ? number * 1000 : metric == "time" ? number * 3600 : number
        _ = try await GoalService.of(request).create(GoalDTO(period: form.period ?? "week", metric: metric, target: target,
                                                                      family: form.family?.nilIfEmpty))
        return request.redirect(to: "/summaries", redirectType: .normal)
    }

    func removeGoal(request: Request) async throws -> Response {
        try await GoalService.of(request).delete(request.parameters.get("goalID", as: UUID.self))
        return request.redirect(to: "/summaries", redirectType: .normal)
    }

    func page(request: Request) async throws -> Response {
        let groupName = try request.queryText("group", maxLength: 10) ?? SummariesPage.Grouping.week.rawValue
        guard let grouping = SummariesPage.Grouping(rawValue: groupName) else { throw APIError.validation("group must be week, month or year.") }
        let family = try request.queryText("family", maxLength: 20)?.nilIfEmpty
        if let family, !SummariesPage.families.contains(family) { throw APIError.validation("Unknown sport family.") }
        let sports = family.map { name in Set(Sport.allCases.filter { $0.family.rawValue == name }.map(\.rawValue)) }
        let user = try request.currentUser
        let service = StatisticsService(database: request.db, userID: try request.currentUserID,
                                        cache: request.application.activityRowsCache, zone: user.zone)
        var days = AthleteDays(zone: user.zone)
        let today = days.day(request.application.clock.now())
        let tableStart: Int?
        switch grouping {
        case .week: tableStart = CivilDate.weekStart(today) - 25 * 7
        case .month: tableStart = CivilDate.monthStart(CivilDate.monthStart(today) - 700)
        case .year: tableStart = nil
        }
        let stats = try await service.statistics(group: grouping.group, from: tableStart.map { days.start(ofDay: $0) }, to: nil, sports: sports)
        let firstYear = CivilDate.components(ofDay: today).year - Self.years + 1
        let daily = try await service.statistics(group: .day, from: days.start(ofDay: CivilDate.day(year: firstYear, month: 1, day: 1)),
                                                 to: nil, sports: sports)
        let goals = try await GoalService.of(request).progress(now: request.application.clock.now())
        let model = SummariesPage.Model(grouping: grouping, family: family, stats: stats,
                                        years: YearOnYear.years(daily: daily.periods, firstYear: firstYear, today: today), goals: goals)
        return Layout.response(SummariesPage.render(model, context: PageContext(request: request)))
    }
}

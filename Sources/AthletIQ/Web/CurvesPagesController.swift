import AthletIQCore
import Foundation
import Vapor

/// The curves page, and accepting its model's estimate into the profile.
struct CurvesPagesController {
    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("curves", use: page)
            .doc("Power and pace curves of a period, another laid over, the critical-power model", tag: "Web", access: .signedInPage,
                 query: [QueryParameter("kind", .enumeration(DurationCurves.Kind.allCases.map(\.rawValue)), "power or pace"),
                         QueryParameter("family", .enumeration(CurveSelection.families), "Sport family"),
                         QueryParameter("period", .enumeration(CurvePeriod.allCases.map(\.rawValue)), "Period (default 90d)"),
                         QueryParameter("compare", .enumeration(CurveComparison.allCases.map(\.rawValue)), "Laid over it (default all)")],
                 responses: [.html("The page")])
        signedIn.post("curves", "adopt", use: adopt)
            .doc("Set the FTP (power) or threshold pace (pace) to the model's estimate of the period, from today", tag: "Web",
                 access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([
                     .init("kind", .string), .init("family", .string), .init("period", .string)])),
                 responses: [.redirect("Back to the curves", status: 303)])
    }

    func page(request: Request) async throws -> Response {
        let selection = try Self.selection(kind: request.queryText("kind", maxLength: 10), family: request.queryText("family", maxLength: 20),
                                           period: request.queryText("period", maxLength: 10), compare: request.queryText("compare", maxLength: 10))
        let (curve, compared) = try await curves(selection, request: request)
        let profile = try await AthleteProfileService(request: request).current()
        let estimateName = selection.kind == .power ? "ftp" : "threshold_speed"
        let current = (selection.kind == .power ? profile.ftp : profile.thresholdSpeed).map {
            (value: $0, estimated: profile.estimated?.contains(estimateName) ?? false)
        }
        let message = try request.queryText("done", maxLength: 20).flatMap { ["adopted": "curves.adopted", "noModel": "curves.noModel"][$0] }
        let model = CurvesPage.Model(selection: selection, curve: curve, compared: compared, current: current, message: message)
        return Layout.response(CurvesPage.render(model, context: PageContext(request: request)))
    }

    struct AdoptForm: Content {
        var kind: String?, family: String?, period: String?
    }

    /// The estimate is computed again here from the period: the form carries no number to trust.
    func adopt(request: Request) async throws -> Response {
        // An empty form is the page's defaults; a value we never offer is refused.
        let form = (try? request.content.decode(AdoptForm.self)) ?? AdoptForm()
        var selection = try Self.selection(kind: form.kind, family: form.family, period: form.period, compare: nil)
        selection.compare = .none
        let done: String
        if let fit = try await curves(selection, request: request).curve.model {
            let service = try AthleteProfileService(request: request)
            if selection.kind == .power {
                _ = try await service.adopt { $0.ftp = fit.critical.rounded() }
            } else {
                _ = try await service.adopt { $0.thresholdSpeed = (fit.critical * 1000).rounded() / 1000 }
            }
            done = "adopted"
        } else {
            done = "noModel"
        }
        var link = URLComponents()
        link.path = "/curves"
        link.queryItems = [URLQueryItem(name: "kind", value: selection.kind.rawValue), URLQueryItem(name: "family", value: selection.family),
                           URLQueryItem(name: "period", value: selection.period.rawValue), URLQueryItem(name: "done", value: done)]
        return request.redirect(to: link.string ?? "/curves", redirectType: .normal)
    }

    private func curves(_ selection: CurveSelection, request: Request)
        async throws -> (curve: DurationCurveService.Curve, compared: DurationCurveService.Curve?) {
        let zone = try request.currentUser.zone
        let now = request.application.clock.now()
        let service = DurationCurveService(database: request.db, userID: try request.currentUserID)
        let range = selection.range(now: now, zone: zone)
        let curve = try await service.curve(kind: selection.kind, family: selection.family, from: range.from, to: range.to)
        var compared: DurationCurveService.Curve?
        if let other = selection.comparedRange(now: now, zone: zone) {
            compared = try await service.curve(kind: selection.kind, family: selection.family, from: other.from, to: other.to)
        }
        return (curve, compared)
    }

    /// Absent values take their defaults (the family follows the kind); unknown ones are refused.
    static func selection(kind: String?, family: String?, period: String?, compare: String?) throws -> CurveSelection {
        var selection = CurveSelection()
        if let kind {
            guard let value = DurationCurves.Kind(rawValue: kind) else { throw APIError.validation("kind must be power or pace.") }
            selection.kind = value
            selection.family = (value == .power ? Sport.Family.cycling : Sport.Family.running).rawValue
        }
        if let family {
            guard CurveSelection.families.contains(family) else { throw APIError.validation("Unknown sport family.") }
            selection.family = family
        }
        if let period {
            guard let value = CurvePeriod(rawValue: period) else { throw APIError.validation("period must be 42d, 90d, 1y or all.") }
            selection.period = value
        }
        if let compare {
            guard let value = CurveComparison(rawValue: compare) else { throw APIError.validation("compare must be none, previous or all.") }
            selection.compare = value
        }
        return selection
    }
}

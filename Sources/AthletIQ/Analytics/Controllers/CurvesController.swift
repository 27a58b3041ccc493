import AthletIQCore
import Foundation
import Vapor

/// Duration curves over the API: power by duration, pace by distance, with a period to compare.
struct CurvesController {
    func register(signedIn: any RoutesBuilder) {
        signedIn.grouped("api", "v1").get("analytics", "curves", use: curves)
            .doc("Duration curve of a period: the best power for 1 s to 5 h or the best time for 100 m to the marathon, each from its activity, with the critical-power (or critical-speed) model of 3–20 min efforts",
                 tag: "Analytics", access: .signedIn,
                 query: [QueryParameter("kind", .enumeration(DurationCurves.Kind.allCases.map(\.rawValue)), "power (default) or pace"),
                         QueryParameter("family", .enumeration(Sport.Family.allCases.map(\.rawValue)),
                                        "Sport family (default cycling for power, running for pace)"),
                         QueryParameter("from", .dateTime, "Start (default: all time)"), QueryParameter("to", .dateTime, "End (exclusive)"),
                         QueryParameter("compare_from", .dateTime, "Start of a period laid over it"),
                         QueryParameter("compare_to", .dateTime, "End of that period (exclusive)")],
                 responses: [.json(200, "The curve", CurveResponse.self)])
    }

    func curves(request: Request) async throws -> CurveResponse {
        let kindName = try request.queryText("kind", maxLength: 10) ?? DurationCurves.Kind.power.rawValue
        guard let kind = DurationCurves.Kind(rawValue: kindName) else { throw APIError.validation("kind must be power or pace.") }
        let family = try Self.family(request, kind: kind)
        let days = AthleteDays(zone: try request.currentUser.zone)
        let (from, to) = (try request.queryInstant("from", days), try request.queryInstant("to", days))
        let (compareFrom, compareTo) = (try request.queryInstant("compare_from", days), try request.queryInstant("compare_to", days))
        if let from, let to, to < from { throw APIError.validation("to must not be before from.") }
        let service = DurationCurveService(database: request.db, userID: try request.currentUserID)
        let curve = try await service.curve(kind: kind, family: family, from: from, to: to)
        let compare = compareFrom != nil || compareTo != nil
            ? try await service.curve(kind: kind, family: family, from: compareFrom, to: compareTo) : nil
        return CurveResponse(curve, compare: compare)
    }

    /// The sport family asked for, or the one the kind is usually about.
    static func family(_ request: Request, kind: DurationCurves.Kind) throws -> String {
        guard let name = try request.queryText("family", maxLength: 20) else {
            return (kind == .power ? Sport.Family.cycling : Sport.Family.running).rawValue
        }
        guard Sport.Family(rawValue: name) != nil else { throw APIError.validation("Unknown sport family.") }
        return name
    }
}

import AthletIQCore
import Fluent
import Foundation
import SQLKit

/// Keeps each activity's duration curves as rows and finds a period's curve: at each duration
/// (power) or distance (pace), the best row of the period, with the activity it came from.
struct DurationCurveService {
    static let schema = "duration_curve_points"

    let database: any Database
    let userID: UUID

    /// One point of a period's curve.
    struct Entry: Sendable, Equatable {
        var point: DurationCurves.Point
        var activityID: UUID
        var startDate: Date
        var activityName: String
    }

    /// A period's curve and, from it, the critical-power (or critical-speed) model.
    struct Curve: Sendable {
        var kind: DurationCurves.Kind
        var family: String
        var entries: [Entry]
        var model: CriticalPowerModel.Fit?
    }

    /// The curve of the activities that started in [from, to) (nil: unbounded).
    func curve(kind: DurationCurves.Kind, family: String, from: Date?, to: Date?) async throws -> Curve {
        guard let sql = database as? any SQLDatabase else { return Curve(kind: kind, family: family, entries: [], model: nil) }
        let xs = kind == .power ? DurationCurves.durations : DurationCurves.distances
        // One indexed probe per point (user, kind, family, x, ordered by value), all in one
        // statement: the cost depends on the number of points, not of activities.
        let order: SQLQueryString = kind == .power ? "DESC" : "ASC"
        let probes = xs.enumerated().map { index, x -> SQLQueryString in
            var probe: SQLQueryString = """
                SELECT * FROM (SELECT x, value, activity_id, start_date FROM duration_curve_points
                WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue) AND sport_family = \(bind: family) AND x = \(bind: x)
                """
            if let from { probe += " AND start_date >= \(bind: from)" }
            if let to { probe += " AND start_date < \(bind: to)" }
            probe += " ORDER BY value " + order + " LIMIT 1) AS probe\(unsafeRaw: String(index))"
            return probe
        }
        struct Row: Decodable {
            var x: Double
            var value: Double
            var activity_id: UUID
            var start_date: Date
        }
        let rows = try await sql.raw(probes.joined(separator: " UNION ALL ")).all(decoding: Row.self)
        let names = try await activityNames(Set(rows.map(\.activity_id)))
        let entries = rows.sorted { $0.x < $1.x }.map { row in
            Entry(point: .init(x: row.x, value: row.value), activityID: row.activity_id, startDate: row.start_date,
                  activityName: names[row.activity_id] ?? "")
        }
        let points = entries.map(\.point)
        return Curve(kind: kind, family: family, entries: entries,
                     model: kind == .power ? CriticalPowerModel.power(points) : CriticalPowerModel.speed(points))
    }

    private func activityNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let activities = try await Activity.query(on: database).filter(\.$id ~~ Array(ids)).field(\.$id).field(\.$name).all()
        return Dictionary(activities.compactMap { activity in activity.id.map { ($0, activity.name) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Replaces an activity's rows with the curves of its analysis (in the analysis's transaction).
    static func replace(power: [DurationCurves.Point], pace: [DurationCurves.Point], of activity: Activity, family: String, userID: UUID,
                        on database: any Database) async throws {
        let id = try activity.requireID()
        try await delete(activityIDs: [id], on: database)
        let curves: [(DurationCurves.Kind, [DurationCurves.Point])] = [(.power, power), (.pace, pace)]
        let rows = curves.flatMap { kind, points in
            points.filter { $0.value.isFinite && $0.value > 0 }.map { (kind, $0) }
        }
        guard !rows.isEmpty, let sql = database as? any SQLDatabase else { return }
        var insert = sql.insert(into: schema).columns("id", "user_id", "activity_id", "kind", "sport_family", "x", "value", "start_date")
        for (kind, point) in rows {
            insert = insert.values(SQLBind(UUID()), SQLBind(userID), SQLBind(id), SQLBind(kind.rawValue), SQLBind(family),
                                   SQLBind(point.x), SQLBind(point.value), SQLBind(activity.startDate))
        }
        try await insert.run()
    }

    /// Removes the rows of activities about to be deleted.
    static func delete(activityIDs: [UUID], on database: any Database) async throws {
        guard !activityIDs.isEmpty, let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: schema).where("activity_id", .in, SQLBind.group(activityIDs)).run()
    }
}

import Fluent
import SQLKit
import Foundation

/// Which best efforts of an activity were personal records on its date (no earlier effort of the
/// same kind was as good).
enum RecordFlags {
    static func records(of activity: Activity, on database: any Database) async throws -> [String] {
        let id = try activity.requireID()
        let efforts = try await BestEffortRecord.query(on: database).filter(\.$activity.$id == id).all()
        var records: [String] = []
        for effort in efforts {
            var earlier = BestEffortRecord.query(on: database).filter(\.$user.$id == activity.$user.id)
                .filter(\.$name == effort.name).filter(\.$startDate < activity.startDate)
            earlier = effort.name.hasPrefix("power") ? earlier.filter(\.$value >= effort.value) : earlier.filter(\.$value <= effort.value)
            if try await earlier.count() == 0 { records.append(effort.name) }
        }
        let order = ["400m", "1k", "1mile", "5k", "10k", "half_marathon", "marathon", "power_1min", "power_5min", "power_20min", "power_60min"]
        return records.sorted { (order.firstIndex(of: $0) ?? 99) < (order.firstIndex(of: $1) ?? 99) }
    }
}

extension RecordFlags {
    /// Which of `activityIDs` hold a current all-time record (two small queries, for lists).
    static func currentHolders(userID: UUID, among activityIDs: [UUID], on database: any Database) async throws -> Set<UUID> {
        guard !activityIDs.isEmpty, let sql = database as? any SQLDatabase else { return [] }
        struct Best: Decodable { var name: String; var low: Double; var high: Double }
        let best = try await sql.raw("""
            SELECT name, MIN(value) AS low, MAX(value) AS high FROM best_efforts WHERE user_id = \(bind: userID) GROUP BY name
            """).all(decoding: Best.self)
        let target = Dictionary(best.map { ($0.name, $0.name.hasPrefix("power") ? $0.high : $0.low) }, uniquingKeysWith: { a, _ in a })
        let efforts = try await BestEffortRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$activity.$id ~~ activityIDs).all()
        return Set(efforts.filter { target[$0.name] == $0.value }.map { $0.$activity.id })
    }
}

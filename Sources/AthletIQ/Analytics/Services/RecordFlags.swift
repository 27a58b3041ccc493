import Fluent
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

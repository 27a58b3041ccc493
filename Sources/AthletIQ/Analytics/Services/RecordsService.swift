import AthletIQCore
import Fluent
import Foundation

/// Personal records: the best efforts per distance or power duration of a sport family (they
/// never mix: a ride's or a swim's efforts are no running record), and how each improved.
struct RecordsService {
    let database: any Database
    let userID: UUID

    static func unit(_ name: String) -> String { name.hasPrefix("power") ? "W" : "s" }

    static func isBetter(_ name: String, _ a: Double, than b: Double) -> Bool {
        name.hasPrefix("power") ? a > b : a < b
    }

    /// The best `top` per distance or duration, in distance then duration order.
    func records(family: Sport.Family, top: Int) async throws -> [RecordDTO] {
        let rows = try await BestEffortRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$sportFamily == family.rawValue).all()
        let order = BestEfforts.distances.map(\.name) + BestEfforts.powerDurations.map(\.name)
        var result: [RecordDTO] = []
        for (name, efforts) in Dictionary(grouping: rows, by: \.name).sorted(by: { (order.firstIndex(of: $0.key) ?? 99) < (order.firstIndex(of: $1.key) ?? 99) }) {
            // Real efforts first; an impossible one is listed after them, flagged.
            func plausible(_ row: BestEffortRecord) -> Bool { BestEfforts.isPlausible(name, seconds: row.value, family: family) }
            let ranked = efforts.sorted {
                plausible($0) != plausible($1) ? plausible($0) : Self.isBetter(name, $0.value, than: $1.value)
            }.prefix(top)
            for (rank, row) in ranked.enumerated() {
                result.append(RecordDTO(name: name, value: row.value, unit: Self.unit(name), activityID: row.$activity.id, date: row.startDate,
                                        family: family.rawValue, rank: rank + 1, implausible: plausible(row) ? nil : true))
            }
        }
        return result
    }

    /// Each time the record for `name` was beaten (in `family`, or any), oldest first.
    func history(of name: String, family: Sport.Family? = nil) async throws -> [RecordDTO] {
        guard BestEfforts.distances.contains(where: { $0.name == name }) || BestEfforts.powerDurations.contains(where: { $0.name == name }) else {
            throw APIError.notFound("record")
        }
        var query = BestEffortRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$name == name)
        if let family { query = query.filter(\.$sportFamily == family.rawValue) }
        var history: [RecordDTO] = []
        for row in try await query.sort(\.$startDate).all() where history.last.map({ Self.isBetter(name, row.value, than: $0.value) }) ?? true {
            history.append(RecordDTO(name: name, value: row.value, unit: Self.unit(name), activityID: row.$activity.id, date: row.startDate))
        }
        return history
    }
}

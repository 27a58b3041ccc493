import AthletIQCore
import Fluent
import Foundation
import SQLKit

/// The physiology valid on a date: what the athlete set (the profile row in force then), and
/// estimates from their own data for what they did not set.
struct AthleteParametersService {
    let database: any Database
    let userID: UUID

    struct Resolved: Sendable {
        var parameters: AthleteParameters
        /// Names of the values that were estimated rather than set.
        var estimated: Set<String>
    }

    /// Resting heart rate when nobody said: conservative (a lower guess would inflate loads).
    static let defaultRestingHeartRate = 60.0
    /// Estimates look at the efforts of this long before the date.
    static let effortWindow: TimeInterval = 365 * 86_400

    func resolve(at date: Date) async throws -> Resolved {
        let row = try await AthleteProfile.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$effectiveFrom <= date).sort(\.$effectiveFrom, .descending).first()
        let maxHeartRate = row?.maxHeartRate == nil ? try await estimatedMaxHeartRate() : nil
        let efforts = try await effortRows(from: date.addingTimeInterval(-Self.effortWindow), to: date)
        return Self.resolve(profile: row, estimatedMaxHeartRate: maxHeartRate, efforts: efforts)
    }

    /// Everything resolving reads, loaded once, to resolve many dates in memory (re-analysing an
    /// import of a thousand activities without three queries per activity).
    func history() async throws -> AthleteParametersHistory {
        let profiles = try await AthleteProfile.query(on: database).filter(\.$user.$id == userID)
            .sort(\.$effectiveFrom, .descending).all()
        return AthleteParametersHistory(profiles: profiles, estimatedMaxHeartRate: try await estimatedMaxHeartRate(),
                                        efforts: try await effortRows(from: nil, to: nil))
    }

    /// Fills what the profile row leaves open from estimates; `efforts` are those of the
    /// year before the date.
    static func resolve(profile row: AthleteProfile?, estimatedMaxHeartRate: Double?, efforts: [EffortRow]) -> Resolved {
        var parameters = AthleteParameters(
            maxHeartRate: row?.maxHeartRate, restingHeartRate: row?.restingHeartRate,
            lactateThresholdHeartRate: row?.thresholdHeartRate, thresholdSpeed: row?.thresholdSpeed,
            ftp: row?.ftp, weight: row?.weight,
            sex: row?.sex.flatMap(AthleteParameters.Sex.init(rawValue:)) ?? .unspecified,
            heartRateZoneMethod: row?.heartRateZoneMethod.flatMap(HeartRateZoneMethod.init(rawValue:)))
        var estimated = Set<String>()
        if parameters.maxHeartRate == nil, let value = estimatedMaxHeartRate {
            parameters.maxHeartRate = value
            estimated.insert("max_heart_rate")
        }
        if parameters.restingHeartRate == nil {
            parameters.restingHeartRate = defaultRestingHeartRate
            estimated.insert("resting_heart_rate")
        }
        if parameters.lactateThresholdHeartRate == nil, let max = parameters.maxHeartRate {
            // About 90 % of max for trained endurance athletes (Friel).
            parameters.lactateThresholdHeartRate = (max * 0.9).rounded()
            estimated.insert("threshold_heart_rate")
        }
        if parameters.thresholdSpeed == nil, let value = estimatedThresholdSpeed(runningBests(efforts)) {
            parameters.thresholdSpeed = value
            estimated.insert("threshold_speed")
        }
        if parameters.ftp == nil, let best = efforts.filter({ $0.name == "power_20min" }).map(\.value).max() {
            // 95 % of the best 20-minute power of the past year.
            parameters.ftp = (best * 0.95).rounded()
            estimated.insert("ftp")
        }
        return Resolved(parameters: parameters, estimated: estimated)
    }

    /// The second-highest activity maximum: one spiky strap reading does not set it.
    func estimatedMaxHeartRate() async throws -> Double? {
        let values = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$maxHeartRate != nil)
            .filter(\.$maxHeartRate <= 230).sort(\.$maxHeartRate, .descending).limit(2).all().compactMap(\.maxHeartRate)
        return values.count == 2 ? values[1] : values.first
    }

    /// The speed the athlete could hold for an hour, from their best running efforts (VDOT).
    static func estimatedThresholdSpeed(_ efforts: [Performance]) -> Double? {
        guard let best = efforts.max(by: { RacePrediction.vdot($0) < RacePrediction.vdot($1) }) else { return nil }
        let vdot = RacePrediction.vdot(best)
        // Bisect the distance run in 60 minutes at this VDOT.
        var low = 5000.0, high = 25_000.0
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if (RacePrediction.time(forVDOT: vdot, distance: middle) ?? .infinity) < 3600 { low = middle } else { high = middle }
        }
        return low / 3600
    }

    /// The best running effort per standard distance in the year before `date`.
    func bestEfforts(family: String, before date: Date) async throws -> [Performance] {
        let rows = try await effortRows(from: date.addingTimeInterval(-Self.effortWindow), to: date)
        return Self.runningBests(rows.filter { $0.sportFamily == family })
    }

    /// The best time per standard running distance among `rows`.
    static func runningBests(_ rows: [EffortRow]) -> [Performance] {
        var best: [String: EffortRow] = [:]
        // An impossible effort (a GPS jump that survived the filters) never feeds a prediction.
        for row in rows where row.sportFamily == "running" && !row.name.hasPrefix("power")
            && BestEfforts.isPlausible(row.name, seconds: row.value, family: .running) {
            if let current = best[row.name], current.value <= row.value { continue }
            best[row.name] = row
        }
        // In distance order, so the "based on" list is the same on every load.
        return best.values.compactMap { row in
            BestEfforts.distances.first { $0.name == row.name }.map {
                Performance(distance: $0.meters, time: row.value, date: row.startDate, label: row.name, source: row.activityID?.uuidString)
            }
        }.sorted { $0.distance < $1.distance }
    }

    /// One best effort, as estimates need it (read without the ORM: a user has tens of thousands).
    struct EffortRow: Decodable, Sendable {
        var name: String
        var value: Double
        var startDate: Date
        var sportFamily: String
        var activityID: UUID?

        enum CodingKeys: String, CodingKey {
            case name, value
            case startDate = "start_date"
            case sportFamily = "sport_family"
            case activityID = "activity_id"
        }
    }

    /// The running and 20-minute power efforts between two dates (inclusive; nil: unbounded),
    /// oldest first.
    private func effortRows(from start: Date?, to end: Date?) async throws -> [EffortRow] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var query = sql.select().column("name").column("value").column("start_date").column("sport_family").column("activity_id")
            .from(BestEffortRecord.schema).where("user_id", .equal, SQLBind(userID))
            .where { $0.where("sport_family", .equal, SQLBind("running")).orWhere("name", .equal, SQLBind("power_20min")) }
        if let start { query = query.where("start_date", .greaterThanOrEqual, SQLBind(start)) }
        if let end { query = query.where("start_date", .lessThanOrEqual, SQLBind(end)) }
        return try await query.orderBy("start_date").all(decoding: EffortRow.self)
    }
}

/// The parameters of an athlete on any date, from one read of their profile and efforts.
struct AthleteParametersHistory: Sendable {
    /// Newest first.
    let profiles: [AthleteProfile]
    let estimatedMaxHeartRate: Double?
    /// Oldest first.
    let efforts: [AthleteParametersService.EffortRow]

    func resolve(at date: Date) -> AthleteParametersService.Resolved {
        let profile = profiles.first { $0.effectiveFrom <= date }
        let start = date.addingTimeInterval(-AthleteParametersService.effortWindow)
        let lower = efforts.partitioningIndex { $0.startDate >= start }
        let upper = efforts.partitioningIndex { $0.startDate > date }
        let window = lower < upper ? Array(efforts[lower..<upper]) : []
        return AthleteParametersService.resolve(profile: profile, estimatedMaxHeartRate: estimatedMaxHeartRate, efforts: window)
    }
}

private extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true
    /// along the array (binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

import AthletIQCore
import Fluent
import Foundation

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

    func resolve(at date: Date) async throws -> Resolved {
        let row = try await AthleteProfile.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$effectiveFrom <= date).sort(\.$effectiveFrom, .descending).first()
        var parameters = AthleteParameters(
            maxHeartRate: row?.maxHeartRate, restingHeartRate: row?.restingHeartRate,
            lactateThresholdHeartRate: row?.thresholdHeartRate, thresholdSpeed: row?.thresholdSpeed,
            ftp: row?.ftp, weight: row?.weight,
            sex: row?.sex.flatMap(AthleteParameters.Sex.init(rawValue:)) ?? .unspecified)
        var estimated = Set<String>()
        if parameters.maxHeartRate == nil, let value = try await estimatedMaxHeartRate() {
            parameters.maxHeartRate = value
            estimated.insert("max_heart_rate")
        }
        if parameters.restingHeartRate == nil {
            parameters.restingHeartRate = Self.defaultRestingHeartRate
            estimated.insert("resting_heart_rate")
        }
        if parameters.lactateThresholdHeartRate == nil, let max = parameters.maxHeartRate {
            // About 90 % of max for trained endurance athletes (Friel).
            parameters.lactateThresholdHeartRate = (max * 0.9).rounded()
            estimated.insert("threshold_heart_rate")
        }
        if parameters.thresholdSpeed == nil, let value = try await estimatedThresholdSpeed(before: date) {
            parameters.thresholdSpeed = value
            estimated.insert("threshold_speed")
        }
        if parameters.ftp == nil, let value = try await estimatedFTP(before: date) {
            parameters.ftp = value
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

    /// The speed the athlete could hold for an hour, from their best running efforts of the past year (VDOT).
    func estimatedThresholdSpeed(before date: Date) async throws -> Double? {
        let efforts = try await bestEfforts(family: "running", before: date)
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

    /// 95 % of the best 20-minute power of the past year.
    func estimatedFTP(before date: Date) async throws -> Double? {
        try await BestEffortRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$name == "power_20min")
            .filter(\.$startDate <= date).filter(\.$startDate >= date.addingTimeInterval(-365 * 86_400))
            .sort(\.$value, .descending).first().map { ($0.value * 0.95).rounded() }
    }

    /// The best effort per standard distance in the year before `date`.
    func bestEfforts(family: String, before date: Date) async throws -> [Performance] {
        let rows = try await BestEffortRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$sportFamily == family)
            .filter(\.$startDate <= date).filter(\.$startDate >= date.addingTimeInterval(-365 * 86_400)).all()
        var best: [String: BestEffortRecord] = [:]
        for row in rows where !row.name.hasPrefix("power") {
            if let current = best[row.name], current.value <= row.value { continue }
            best[row.name] = row
        }
        return best.values.compactMap { row in
            BestEfforts.distances.first { $0.name == row.name }.map {
                Performance(distance: $0.meters, time: row.value, date: row.startDate, label: row.name)
            }
        }
    }
}

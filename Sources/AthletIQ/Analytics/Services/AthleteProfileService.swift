import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The athlete's dated physiology: what is in force today (set or estimated) and saving a new
/// profile, for the API, the settings page and the curves page alike.
struct AthleteProfileService {
    let database: any Database
    let userID: UUID
    let clock: any AppClock
    let analysisTasks: BackgroundTasks
    let logger: Logger

    init(request: Request) throws {
        database = request.db
        userID = try request.currentUserID
        clock = request.application.clock
        analysisTasks = request.application.analysisTasks
        logger = request.logger
    }

    /// Physiology and zones in force now; estimated values are named in `estimated`.
    func current() async throws -> ProfileDTO {
        let resolved = try await AthleteParametersService(database: database, userID: userID).resolve(at: clock.now())
        let row = try await latestRow()
        let parameters = resolved.parameters
        let heartRateZones = Zones.heartRate(for: parameters)
        return ProfileDTO(
            effectiveFrom: row?.effectiveFrom, maxHeartRate: parameters.maxHeartRate, restingHeartRate: parameters.restingHeartRate,
            thresholdHeartRate: parameters.lactateThresholdHeartRate, thresholdSpeed: parameters.thresholdSpeed, ftp: parameters.ftp,
            weight: parameters.weight, sex: parameters.sex == .unspecified ? nil : parameters.sex.rawValue,
            estimated: resolved.estimated.sorted(),
            heartRateZoneMethod: heartRateZones?.method.rawValue, heartRateZones: heartRateZones?.zones,
            paceZones: parameters.thresholdSpeed.map { Zones.pace(thresholdSpeed: $0) },
            powerZones: parameters.ftp.map { Zones.power(ftp: $0) })
    }

    /// Saves a dated profile and re-analyses the activities from its date (after the answer).
    func save(_ input: ProfileDTO) async throws -> ProfileDTO {
        func check(_ value: Double?, _ name: String, _ range: ClosedRange<Double>) throws {
            if let value, !range.contains(value) { throw APIError.validation("\(name) must be between \(range.lowerBound) and \(range.upperBound).") }
        }
        try check(input.maxHeartRate, "max_heart_rate", 100...240)
        try check(input.restingHeartRate, "resting_heart_rate", 25...120)
        try check(input.thresholdHeartRate, "threshold_heart_rate", 80...230)
        try check(input.thresholdSpeed, "threshold_speed", 1...12)
        try check(input.ftp, "ftp", 30...700)
        try check(input.weight, "weight", 25...250)
        if let sex = input.sex, !["male", "female"].contains(sex) { throw APIError.validation("sex must be male or female.") }
        let zoneMethod = input.heartRateZoneMethod.flatMap { $0 == "auto" ? nil : $0 }
        if let zoneMethod, HeartRateZoneMethod(rawValue: zoneMethod) == nil {
            throw APIError.validation("heart_rate_zone_method must be auto, heart_rate_reserve or lactate_threshold.")
        }
        let row = AthleteProfile()
        row.$user.id = userID
        row.effectiveFrom = input.effectiveFrom ?? clock.now()
        row.maxHeartRate = input.maxHeartRate
        row.restingHeartRate = input.restingHeartRate
        row.thresholdHeartRate = input.thresholdHeartRate
        row.thresholdSpeed = input.thresholdSpeed
        row.ftp = input.ftp
        row.weight = input.weight
        row.sex = input.sex
        row.heartRateZoneMethod = zoneMethod
        try await row.create(on: database)
        // Re-analysing years of activities takes a while: it runs after the answer.
        let database = database, userID = userID, from = row.effectiveFrom, logger = logger
        analysisTasks.run {
            do { try await ActivityAnalysisService(database: database, userID: userID).reanalyze(from: from) }
            catch { logger.error("re-analysis failed", metadata: ["error": "\(error)"]) }
        }
        return try await current()
    }

    /// Keeps what the athlete set and changes one value from now on (an estimate they accepted).
    func adopt(_ change: (inout ProfileDTO) -> Void) async throws -> ProfileDTO {
        let row = try await latestRow()
        var input = ProfileDTO(maxHeartRate: row?.maxHeartRate, restingHeartRate: row?.restingHeartRate,
                               thresholdHeartRate: row?.thresholdHeartRate, thresholdSpeed: row?.thresholdSpeed, ftp: row?.ftp,
                               weight: row?.weight, sex: row?.sex)
        input.heartRateZoneMethod = row?.heartRateZoneMethod
        change(&input)
        return try await save(input)
    }

    private func latestRow() async throws -> AthleteProfile? {
        try await AthleteProfile.query(on: database).filter(\.$user.$id == userID).sort(\.$effectiveFrom, .descending).first()
    }
}

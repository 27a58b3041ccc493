import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Writes what Strava tells us into the one activity model shared with imported files:
/// summaries (from the list or a webhook), the detail (laps, description, device, gear) and the
/// streams, in the same sample format as files. A sport the user corrected is kept.
struct StravaActivityStore {
    let database: any Database
    let userID: UUID
    let clock: any AppClock
    let logger: Logger

    enum Upsert {
        /// A new activity was stored.
        case created(Activity)
        /// The activity was known (from Strava) and its summary updated.
        case updated(Activity)
        /// The same activity exists from a file (an upload or the Strava export): linked, not duplicated.
        case linkedToFile(Activity)
    }

    /// Stores or updates an activity from a SummaryActivity or DetailedActivity payload.
    func upsert(_ payload: StravaActivityPayload) async throws -> Upsert {
        if let existing = try await Activity.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == payload.id).first() {
            if existing.source != "strava" { return .linkedToFile(existing) }
            apply(payload, to: existing)
            try await applyGear(payload, to: existing)
            try await existing.save(on: database)
            return .updated(existing)
        }
        let activity = Activity()
        activity.$user.id = userID
        activity.source = "strava"
        activity.stravaID = payload.id
        activity.sportLocked = false
        activity.hasSamples = false
        activity.sampleCount = 0
        activity.hasPosition = false
        activity.hasHeartRate = payload.hasHeartrate == true
        activity.hasPower = false
        guard apply(payload, to: activity) else {
            throw StravaAPIError.invalidResponse("activity \(payload.id) has no start date")
        }
        // The same activity uploaded as a file: link it instead of storing it twice.
        let importer = ActivityImporter(database: database, userID: userID, logger: logger)
        if let twin = try await importer.findDuplicate(of: activity), twin.source != "strava" {
            if twin.stravaID == nil {
                twin.stravaID = payload.id
                try await twin.save(on: database)
            }
            return .linkedToFile(twin)
        }
        try await applyGear(payload, to: activity)
        do {
            try await activity.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another worker stored it a moment ago.
            guard let winner = try await Activity.query(on: database).filter(\.$user.$id == userID)
                .filter(\.$stravaID == payload.id).first() else { throw StravaAPIError.invalidResponse("activity \(payload.id) could not be stored: \(error)") }
            return .updated(winner)
        }
        return .created(activity)
    }

    /// Copies the summary fields; false when the payload has no start date (a new activity
    /// cannot be stored without one).
    @discardableResult
    func apply(_ payload: StravaActivityPayload, to activity: Activity) -> Bool {
        if let name = payload.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
            activity.name = String(name.prefix(200))
        }
        let typeName = payload.sportType ?? payload.type
        if let typeName, !activity.sportLocked {
            activity.sport = StravaSportTypes.sport(typeName).rawValue
            activity.sportName = typeName
        }
        if activity.$sport.value == nil { activity.sport = Sport.other.rawValue }
        guard let start = payload.startDate ?? activity.$startDate.value else { return false }
        activity.startDate = start
        if activity.$name.value == nil {
            activity.name = ActivityNaming.defaultName(sport: Sport(rawValue: activity.sport) ?? .other, start: start)
        }
        if let elapsed = payload.elapsedTime { activity.elapsedTime = elapsed }
        if activity.$elapsedTime.value == nil { activity.elapsedTime = 0 }
        if let moving = payload.movingTime { activity.movingTime = moving }
        if let distance = payload.distance { activity.distance = distance }
        if let gain = payload.totalElevationGain { activity.ascent = gain }
        if let speed = payload.averageSpeed { activity.averageSpeed = speed }
        if let speed = payload.maxSpeed { activity.maxSpeed = speed }
        if let cadence = payload.averageCadence { activity.averageCadence = cadence }
        if let watts = payload.averageWatts { activity.averagePower = watts }
        if let watts = payload.maxWatts { activity.maxPower = watts }
        if let heartRate = payload.averageHeartrate { activity.averageHeartRate = heartRate }
        if let heartRate = payload.maxHeartrate { activity.maxHeartRate = heartRate }
        if let calories = payload.calories { activity.calories = calories }
        if let latlng = payload.startLatlng, latlng.count == 2, abs(latlng[0]) <= 90, abs(latlng[1]) <= 180 {
            activity.startLatitude = latlng[0]
            activity.startLongitude = latlng[1]
        }
        if let description = payload.description { activity.descriptionText = description.isEmpty ? nil : String(description.prefix(10_000)) }
        if let device = payload.deviceName { activity.device = device }
        if payload.workoutType != nil { activity.isRace = payload.isRace }
        if payload.private != nil || payload.visibility != nil { activity.isPrivate = payload.isPrivate }
        if let laps = payload.laps {
            activity.lapsJSON = LapDTO.encode(laps.map { lap in
                var summary = ActivitySummary()
                summary.startTime = lap.startDate
                summary.elapsedTime = lap.elapsedTime
                summary.timerTime = lap.movingTime
                summary.distance = lap.distance
                summary.ascent = lap.totalElevationGain
                summary.averageHeartRate = lap.averageHeartrate
                summary.maxHeartRate = lap.maxHeartrate
                summary.averageSpeed = lap.averageSpeed
                summary.maxSpeed = lap.maxSpeed
                summary.averageCadence = lap.averageCadence
                summary.averagePower = lap.averageWatts
                return summary
            })
        }
        return true
    }

    /// Links the gear Strava names (summaries give its id, the detail its name too); an activity
    /// Strava gives no gear keeps the one it has.
    func applyGear(_ payload: StravaActivityPayload, to activity: Activity) async throws {
        guard let id = payload.gearId ?? payload.gear?.id, !id.isEmpty else { return }
        let gear = try await GearAssignment(database: database, userID: userID, clock: clock).strava(id: id, name: payload.gear?.name, kind: nil)
        GearAssignment.link(activity, to: gear)
    }

    /// Stores the samples (replacing any earlier ones), marks the activity enriched and
    /// analyses it.
    func storeSamples(_ series: SampleSeries, for activity: Activity) async throws {
        let id = try activity.requireID()
        let encoded = series.count > 0 ? try SampleCodec.encode(series) : nil
        activity.hasSamples = series.count > 0
        activity.sampleCount = series.count
        activity.hasPosition = series.has(.latitude)
        activity.hasHeartRate = series.has(.heartRate) || activity.hasHeartRate
        activity.hasPower = series.has(.power)
        if activity.startLatitude == nil, let index = (0..<series.count).first(where: { series.value(.latitude, at: $0) != nil }) {
            activity.startLatitude = series.value(.latitude, at: index)
            activity.startLongitude = series.value(.longitude, at: index)
        }
        if activity.descent == nil, let altitude = series[.altitude] {
            activity.descent = ElevationGain.gainAndLoss(altitude).loss.rounded()
        }
        activity.enrichedAt = clock.now()
        try await database.writeTransaction { database in
            try await ActivityStream.query(on: database).filter(\.$activity.$id == id).delete()
            if let encoded {
                try await ActivityStream(activityID: id, pointCount: series.count, data: encoded).create(on: database)
            }
            try await activity.save(on: database)
        }
        do {
            try await ActivityAnalysisService(database: database, userID: userID).analyze(activity, samples: series)
        } catch {
            logger.error("analysis of a Strava activity failed", metadata: ["activity_id": .string(id.uuidString), "error": "\(error)"])
        }
    }

    /// Marks an activity without streams (entered by hand) as fully fetched.
    func markEnrichedWithoutSamples(_ activity: Activity) async throws {
        activity.enrichedAt = clock.now()
        try await activity.save(on: database)
        try await ActivityAnalysisService(database: database, userID: userID).analyze(activity)
    }

    /// Removes the activity Strava no longer has (deleted there, perhaps without a webhook):
    /// its samples and records go, and its waiting jobs. A file's activity is the athlete's own
    /// and stays. Returns how many were removed.
    @discardableResult
    func removeGone(stravaID: Int64) async throws -> Int {
        let activities = try await Activity.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == stravaID).filter(\.$source == "strava").all()
        for activity in activities { try await ActivityDeletion(database: database).delete(activity) }
        try await StravaJob.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == stravaID).filter(\.$status == .pending).delete()
        if !activities.isEmpty {
            logger.info("Strava activity gone: removed", metadata: ["strava_id": "\(stravaID)", "user_id": .string(userID.uuidString)])
        }
        return activities.count
    }
}

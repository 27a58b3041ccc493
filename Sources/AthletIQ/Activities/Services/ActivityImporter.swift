import AthletIQCore
import Crypto
import Fluent
import Foundation
import Vapor

/// Turns uploaded bytes (a file, a `.gz`, a `.zip`, a whole Strava export) into stored
/// activities: decodes each file strictly, skips duplicates, and stores the summary, the compact
/// samples and the original file together, or nothing.
struct ActivityImporter {
    let database: any Database
    let userID: UUID
    let logger: Logger
    var limits = ArchiveLimits()
    /// Two activities of one sport family starting within this many seconds are the same one.
    static let duplicateWindow: TimeInterval = 60

    /// Called after each file with (files done, report so far).
    typealias Progress = @Sendable (Int, ImportReport) async -> Void

    func importUpload(name: String, data: Data, progress: Progress? = nil) async throws -> ImportReport {
        let parametersService = AthleteParametersService(database: database, userID: userID)
        let before = try await parametersService.resolve(at: Date()).parameters
        let report = try await importFiles(name: name, data: data, parameters: before, progress: progress)
        // The new activities change what we estimate (a higher max heart rate, faster best
        // efforts), and each activity's date has its own values: analyse again those whose
        // parameters differ from the ones used at import. One read of the history for all.
        let imported = report.files.filter { $0.status == .imported }.compactMap(\.activityID)
        guard !imported.isEmpty else { return report }
        let history = try await parametersService.history()
        let analysis = ActivityAnalysisService(database: database, userID: userID)
        for start in stride(from: 0, to: imported.count, by: 500) {
            let chunk = Array(imported[start..<min(imported.count, start + 500)])
            for activity in try await Activity.query(on: database).filter(\.$id ~~ chunk).all() {
                let parameters = history.resolve(at: activity.startDate).parameters
                if parameters != before { try await analysis.analyze(activity, parameters: parameters) }
            }
        }
        return report
    }

    private func importFiles(name: String, data: Data, parameters: AthleteParameters, progress: Progress?) async throws -> ImportReport {
        var report = ImportReport()
        var index = StravaExportIndex()
        var seen = 0
        try await ActivityFiles.expand(name: name, data: data, limits: limits) { file in
            let lower = file.path.lowercased()
            if lower.hasSuffix("activities.csv") {
                index = StravaExportIndex(csv: String(decoding: file.data, as: UTF8.self))
                return
            }
            if let kind = StravaExportGear.kind(ofPath: file.path) {
                await importGear(StravaExportGear.parse(csv: String(decoding: file.data, as: UTF8.self), kind: kind))
                return
            }
            guard case .activity = ActivityFiles.kind(name: file.path, data: file.data) else {
                // Photos, other CSVs and the rest of an export are not activities: skipped quietly
                // unless the upload was a single file.
                if file.path == name || file.path + ".gz" == name {
                    report.files.append(ImportOutcome(path: file.path, status: .failed, code: "unsupported_file",
                                                      message: "Not a FIT, GPX or TCX file."))
                }
                return
            }
            let outcome = await importFile(file, metadata: index.entry(forPath: file.path), parameters: parameters)
            report.files.append(outcome)
            seen += 1
            if let progress { await progress(seen, report) }
        }
        // Activities of the export that have no file (entered by hand on Strava).
        for entry in index.entries where entry.filename == nil {
            report.files.append(await importManual(entry))
        }
        return report
    }

    func importFile(_ file: ExtractedFile, metadata: StravaExportIndex.Entry?, parameters: AthleteParameters) async -> ImportOutcome {
        let sha = SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined()
        do {
            if let existing = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$fileSHA256 == sha).first() {
                return ImportOutcome(path: file.path, status: .duplicate, activityID: existing.id, code: "duplicate",
                                     message: "This file was already imported.")
            }
            let decoded = try ActivityFiles.decode(name: file.path, data: file.data, options: .strict)
            // A multisport file is one activity per leg (its sport, samples and laps), grouped.
            let legs = MultisportSplitter.legs(of: decoded)
            let group = legs.count > 1 ? UUID() : nil
            // A Strava export describes the whole event in one CSV row: its name, description,
            // gear and Strava id go to the first leg, but its type and totals belong to no single
            // leg (a "Run" type would make the swim a run and give it running records).
            var firstLegMetadata = metadata
            if group != nil {
                firstLegMetadata?.type = nil
                firstLegMetadata?.elapsedTime = nil
                firstLegMetadata?.movingTime = nil
                firstLegMetadata?.distance = nil
            }
            var activities: [(Activity, DecodedActivity)] = []
            for (index, leg) in legs.enumerated() {
                // The first leg carries the file's hash (so the same file is found again); the
                // others a hash of their own.
                let activity = try makeActivity(leg, metadata: index == 0 ? firstLegMetadata : nil, sha: index == 0 ? sha : "\(sha):\(index)",
                                                path: file.path)
                if let group {
                    activity.multisportID = group
                    activity.legIndex = index
                    let event = metadata?.name ?? decoded.name.flatMap { $0.isEmpty ? nil : $0 } ?? "Multisport"
                    activity.name = String("\(event) · \(index + 1). \(leg.sportName == "transition" ? "Transition" : Self.legName(leg.sport))".prefix(200))
                }
                activities.append((activity, leg))
            }
            if let duplicate = try await findDuplicate(of: activities[0].0) {
                return ImportOutcome(path: file.path, status: .duplicate, activityID: duplicate.id, code: "duplicate",
                                     message: "An activity of the same sport starting at the same time exists already.")
            }
            // The export's gear goes to the first leg; every other leg gets its sport's default.
            let gear = GearAssignment(database: database, userID: userID)
            for (index, (activity, _)) in activities.enumerated() {
                try await gear.assignNew(activity, named: index == 0 ? metadata?.gear : nil)
            }
            let encoded = try activities.map { $0.1.samples.count > 0 ? try SampleCodec.encode($0.1.samples) : nil }
            let original = try file.gzipped ?? Deflate.gzip(file.data)
            let format = decoded.format.rawValue
            let filename = (file.path as NSString).lastPathComponent
            let size = file.data.count
            let toStore = activities
            try await database.writeTransaction { database in
                for (index, (activity, leg)) in toStore.enumerated() {
                    try await activity.create(on: database)
                    let id = try activity.requireID()
                    if let samples = encoded[index] {
                        try await ActivityStream(activityID: id, pointCount: leg.samples.count, data: samples).create(on: database)
                    }
                    let stored = ActivityFile()
                    stored.$activity.id = id
                    stored.filename = filename
                    stored.format = format
                    stored.size = size
                    stored.sha256 = sha
                    stored.data = original
                    try await stored.create(on: database)
                }
            }
            for (activity, leg) in activities {
                do {
                    try await ActivityAnalysisService(database: database, userID: userID)
                        .analyze(activity, samples: leg.samples, parameters: parameters)
                } catch {
                    logger.error("analysis failed", metadata: ["activity_id": .string(activity.id?.uuidString ?? ""), "error": "\(error)"])
                }
            }
            return ImportOutcome(path: file.path, status: .imported, activityID: activities[0].0.id,
                                 message: activities.count > 1 ? "A multisport event: \(activities.count) legs." : nil)
        } catch let error as FileDecodeError {
            let code = error.code == .unsupported ? "unsupported_file" : (error.code == .empty ? "empty_file" : "invalid_file")
            return ImportOutcome(path: file.path, status: .failed, code: code, message: error.description)
        } catch let error as APIError {
            return ImportOutcome(path: file.path, status: .failed, code: error.code, message: error.message)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return ImportOutcome(path: file.path, status: .duplicate, code: "duplicate", message: "This activity exists already.")
        } catch {
            logger.error("import of a file failed", metadata: ["path": .string(file.path), "error": "\(String(reflecting: error))"])
            return ImportOutcome(path: file.path, status: .failed, code: "internal_error", message: "The file could not be stored.")
        }
    }

    /// The export's bikes and shoes; a failure here costs the gear, never the activities.
    private func importGear(_ items: [StravaExportGear]) async {
        do {
            try await GearAssignment(database: database, userID: userID).importExport(items)
        } catch {
            logger.error("import of the export's gear failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    static func legName(_ sport: Sport) -> String {
        switch sport.family {
        case .swimming: return "Swim"
        case .cycling: return "Bike"
        case .running: return "Run"
        default: return sport.rawValue.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// An activity from the export's CSV alone (no file: entered by hand on Strava).
    func importManual(_ entry: StravaExportIndex.Entry) async -> ImportOutcome {
        let path = "activities.csv#\(entry.stravaID.map(String.init) ?? "?")"
        guard let date = entry.date else {
            return ImportOutcome(path: path, status: .skipped, code: "no_start_time", message: "The export gives no date for it.")
        }
        let activity = Activity()
        activity.$user.id = userID
        activity.source = "file"
        activity.stravaID = entry.stravaID
        activity.sport = (entry.type.map(Sport.named) ?? .other).rawValue
        activity.sportName = entry.type
        activity.name = entry.name ?? ActivityNaming.defaultName(sport: Sport(rawValue: activity.sport) ?? .other, start: date)
        activity.descriptionText = entry.description
        activity.startDate = date
        activity.elapsedTime = entry.elapsedTime ?? 0
        activity.movingTime = entry.movingTime
        activity.distance = entry.distance
        activity.sportLocked = false
        activity.hasSamples = false
        activity.sampleCount = 0
        activity.hasPosition = false
        activity.hasHeartRate = false
        activity.hasPower = false
        do {
            if let duplicate = try await findDuplicate(of: activity) {
                return ImportOutcome(path: path, status: .duplicate, activityID: duplicate.id, code: "duplicate", message: "It exists already.")
            }
            try await GearAssignment(database: database, userID: userID).assignNew(activity, named: entry.gear)
            try await activity.create(on: database)
            return ImportOutcome(path: path, status: .imported, activityID: activity.id)
        } catch {
            return ImportOutcome(path: path, status: .duplicate, code: "duplicate", message: "It exists already.")
        }
    }

    func makeActivity(_ decoded: DecodedActivity, metadata: StravaExportIndex.Entry?, sha: String, path: String) throws -> Activity {
        let summary = decoded.summary
        // A FIT file can be a workout, settings or a weight: say so, not "no clock".
        if let type = decoded.details["file_type"], type != "activity", decoded.samples.count == 0, decoded.sessions.isEmpty {
            throw APIError.validation("This is a FIT \(type.replacingOccurrences(of: "_", with: " ")) file, not a recorded activity.",
                                      code: "not_an_activity")
        }
        guard let start = summary.startTime ?? decoded.startTime ?? metadata?.date else {
            throw APIError.validation("The file has no start time (its clock was not set).", code: "no_start_time")
        }
        guard start >= QueryBounds.earliest, start < QueryBounds.latest else {
            throw APIError.validation("The file's start time is not plausible (before 1970 or after 2100).", code: "no_start_time")
        }
        let sport = metadata?.type.map(Sport.named).flatMap { $0 == .other ? nil : $0 } ?? decoded.sport
        let samples = decoded.samples
        let activity = Activity()
        activity.$user.id = userID
        activity.source = "file"
        activity.stravaID = metadata?.stravaID
        activity.sport = sport.rawValue
        activity.sportName = metadata?.type ?? decoded.sportName
        activity.sportLocked = false
        activity.name = metadata?.name ?? decoded.name.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            ?? ActivityNaming.defaultName(sport: sport, start: start)
        activity.descriptionText = metadata?.description ?? decoded.description
        activity.startDate = start
        // A file's totals are believed only within physical bounds: a lap of 1e309 s or an
        // elevation of -1e999 made every list, statistic and export of the athlete fail.
        let day = 86_400.0
        activity.elapsedTime = Plausible.value(summary.elapsedTime, 0...(30 * day)) ?? Plausible.value(metadata?.elapsedTime, 0...(30 * day)) ?? 0
        activity.movingTime = Plausible.value(summary.timerTime, 0...(30 * day)) ?? Plausible.value(metadata?.movingTime, 0...(30 * day))
        activity.distance = Plausible.value(summary.distance, 0...10_000_000) ?? Plausible.value(metadata?.distance, 0...10_000_000)
        activity.ascent = Plausible.value(summary.ascent, 0...100_000)
        activity.descent = Plausible.value(summary.descent, 0...100_000)
        activity.averageHeartRate = Plausible.value(summary.averageHeartRate, 20...250)
        activity.maxHeartRate = Plausible.value(summary.maxHeartRate, 20...250)
        activity.averageSpeed = Plausible.value(summary.averageSpeed, 0...100)
        activity.maxSpeed = Plausible.value(summary.maxSpeed, 0...150)
        activity.averageCadence = Plausible.value(summary.averageCadence, 0...300)
        activity.averagePower = Plausible.value(summary.averagePower, 0...3000)
        activity.maxPower = Plausible.value(summary.maxPower, 0...5000)
        activity.calories = Plausible.value(summary.calories, 0...100_000)
        activity.device = [decoded.device?.manufacturer, decoded.device?.product].compactMap { $0 }.joined(separator: " ").nilIfEmpty
        activity.hasSamples = samples.count > 0
        activity.sampleCount = samples.count
        activity.hasPosition = samples.has(.latitude)
        activity.hasHeartRate = samples.has(.heartRate)
        activity.hasPower = samples.has(.power)
        if let index = (0..<samples.count).first(where: { samples.value(.latitude, at: $0) != nil }) {
            activity.startLatitude = samples.value(.latitude, at: index)
            activity.startLongitude = samples.value(.longitude, at: index)
        }
        activity.lapsJSON = LapDTO.encode(decoded.laps)
        activity.fileSHA256 = sha
        return activity
    }

    /// An activity of the user, of the same sport family, starting within a minute; or with the
    /// same Strava id.
    func findDuplicate(of activity: Activity) async throws -> Activity? {
        if let stravaID = activity.stravaID,
           let same = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$stravaID == stravaID).first() {
            return same
        }
        let family = (Sport(rawValue: activity.sport) ?? .other).family
        let near = try await Activity.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$startDate >= activity.startDate.addingTimeInterval(-Self.duplicateWindow))
            .filter(\.$startDate <= activity.startDate.addingTimeInterval(Self.duplicateWindow))
            .all()
        return near.first { (Sport(rawValue: $0.sport) ?? .other).family == family }
    }
}

/// Values from files kept only when finite and within physical bounds.
enum Plausible {
    static func value(_ value: Double?, _ range: ClosedRange<Double>) -> Double? {
        guard let value, value.isFinite, range.contains(value) else { return nil }
        return value
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Names like "Morning run" for activities without one.
enum ActivityNaming {
    static func defaultName(sport: Sport, start: Date) -> String {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: start).hour ?? 12
        let part = hour < 5 ? "Night" : hour < 12 ? "Morning" : hour < 14 ? "Lunch" : hour < 18 ? "Afternoon" : hour < 22 ? "Evening" : "Night"
        return "\(part) \(sport.displayName.lowercased())"
    }
}

extension Sport {
    var displayName: String {
        switch self {
        case .run: return "Run"
        case .trailRun: return "Trail run"
        case .virtualRun: return "Virtual run"
        case .walk: return "Walk"
        case .hike: return "Hike"
        case .ride: return "Ride"
        case .mountainBikeRide: return "Mountain bike ride"
        case .gravelRide: return "Gravel ride"
        case .virtualRide: return "Virtual ride"
        case .eBikeRide: return "E-bike ride"
        case .swim: return "Swim"
        case .row: return "Row"
        case .paddle: return "Paddle"
        case .alpineSki: return "Alpine ski"
        case .nordicSki: return "Nordic ski"
        case .backcountrySki: return "Backcountry ski"
        case .snowshoe: return "Snowshoe"
        case .strength: return "Strength training"
        case .yoga: return "Yoga"
        case .workout: return "Workout"
        case .other: return "Activity"
        }
    }
}

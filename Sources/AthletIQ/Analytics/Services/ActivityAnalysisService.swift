import AthletIQCore
import Fluent
import Foundation
import SQLKit

/// Analyses stored activities and keeps the results (load, best efforts, the full analysis) up
/// to date when activities or the profile change.
struct ActivityAnalysisService {
    let database: any Database
    let userID: UUID

    /// Analyses one activity with the parameters valid on its date, stores the result and its
    /// best efforts. `parameters` may be passed in when analysing many activities at once.
    @discardableResult
    func analyze(_ activity: Activity, samples: SampleSeries? = nil, parameters: AthleteParameters? = nil) async throws -> ActivityAnalysis? {
        let id = try activity.requireID()
        var series = samples
        if series == nil, activity.hasSamples,
           let stream = try await ActivityStream.query(on: database).filter(\.$activity.$id == id).first() {
            series = try SampleCodec.decode(stream.data)
        }
        let sport = Sport(rawValue: activity.sport) ?? .other
        let resolved: AthleteParameters
        if let parameters { resolved = parameters }
        else { resolved = try await AthleteParametersService(database: database, userID: userID).resolve(at: activity.startDate).parameters }
        guard let series, series.count > 1 else {
            try await applySummaryLoad(activity, parameters: resolved)
            // A race without samples (entered by hand) still counts at its distance; one that is
            // no longer a race loses that effort. (Nothing is written for the thousands of plain
            // summaries a Strava sync analyses.)
            let efforts = RaceResult.efforts([], of: activity, family: sport.family)
            let stored = try await BestEffortRecord.query(on: database).filter(\.$activity.$id == id).count()
            if !efforts.isEmpty || stored > 0 {
                try await database.writeTransaction { database in
                    try await Self.replaceBestEfforts(efforts, of: activity, family: sport.family.rawValue, userID: userID, on: database)
                }
            }
            return nil
        }
        var computed = ActivityAnalyzer.analyze(series, sport: sport, parameters: resolved)
        Self.applyElevationRule(activity, &computed)
        let analysis = computed
        activity.load = analysis.load
        activity.loadSource = analysis.loadSource
        activity.trimp = analysis.trimpBanister
        activity.heartRateStress = analysis.heartRateStress
        activity.runningStress = analysis.runningStress
        activity.powerStress = analysis.powerStress
        activity.gradeAdjustedSpeed = analysis.gradeAdjustedSpeed
        if analysis.movingTime > 0 { activity.movingTime = analysis.movingTime }
        activity.analysisJSON = String(decoding: try JSONEncoder.api.encode(analysis), as: UTF8.self)
        try await database.writeTransaction { database in
            try await activity.save(on: database)
            try await Self.replaceBestEfforts(RaceResult.efforts(analysis.bestEfforts, of: activity, family: sport.family),
                                              of: activity, family: sport.family.rawValue, userID: userID, on: database)
            try await DurationCurveService.replace(power: analysis.powerCurve ?? [], pace: analysis.paceCurve ?? [], of: activity,
                                                   family: sport.family.rawValue, userID: userID, on: database)
        }
        return analysis
    }

    /// One activity has one elevation gain, the same in its row, its analysis and every total:
    /// the recorded total when the source has one (a device's barometric session total, Strava's
    /// figure, a GPX summed segment by segment), else the smoothed computation from the samples.
    static func applyElevationRule(_ activity: Activity, _ analysis: inout ActivityAnalysis) {
        if let recorded = activity.ascent {
            analysis.ascent = recorded
            if let descent = activity.descent { analysis.descent = descent }
        } else if let computed = analysis.ascent {
            activity.ascent = computed
            if activity.descent == nil { activity.descent = analysis.descent }
        }
    }

    /// Replaces the stored best efforts of an activity, in one statement (an import writes
    /// thousands; one INSERT per effort through the ORM was most of its time).
    static func replaceBestEfforts(_ efforts: [BestEfforts.Effort], of activity: Activity, family: String, userID: UUID,
                                   on database: any Database) async throws {
        let id = try activity.requireID()
        try await BestEffortRecord.query(on: database).filter(\.$activity.$id == id).delete()
        guard !efforts.isEmpty, let sql = database as? any SQLDatabase else { return }
        var insert = sql.insert(into: BestEffortRecord.schema)
            .columns("id", "user_id", "activity_id", "name", "value", "start_date", "sport_family")
        for effort in efforts {
            insert = insert.values(SQLBind(UUID()), SQLBind(userID), SQLBind(id), SQLBind(effort.name), SQLBind(effort.value),
                                   SQLBind(activity.startDate), SQLBind(family))
        }
        try await insert.run()
    }

    /// Without samples, a load from the summary: heart-rate stress from the average heart rate.
    private func applySummaryLoad(_ activity: Activity, parameters: AthleteParameters) async throws {
        let seconds = activity.movingTime ?? activity.elapsedTime
        if let average = activity.averageHeartRate, let max = parameters.maxHeartRate, let lthr = parameters.lactateThresholdHeartRate {
            activity.heartRateStress = TrainingLoad.heartRateStress(seconds: seconds, averageHR: average, maxHR: max,
                                                                   restHR: parameters.restingHeartRate ?? 60, thresholdHR: lthr)
            activity.load = activity.heartRateStress
            activity.loadSource = "heart_rate"
            try await activity.save(on: database)
        }
    }

    /// Re-analyses every activity on or after `date` (after a profile change).
    func reanalyze(from date: Date) async throws {
        let activities = try await Activity.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$startDate >= date).sort(\.$startDate).all()
        for activity in activities { try await analyze(activity) }
    }
}

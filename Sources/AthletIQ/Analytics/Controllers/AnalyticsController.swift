import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Fitness and form, period statistics, records, the athlete profile and race predictions.
struct AnalyticsController {
    func register(signedIn: any RoutesBuilder) {
        let api = signedIn.grouped("api", "v1")
        api.get("activities", ":activityID", "analysis", use: analysis)
            .doc("The analysis of an activity: moving time, grade-adjusted pace, splits, zones, best efforts, loads", tag: "Analytics",
                 access: .signedIn, responses: [.json(200, "The analysis", ActivityAnalysisResponse.self)])
        api.get("analytics", "fitness", use: fitness)
            .doc("Fitness, fatigue and form by day, with today's status", tag: "Analytics", access: .signedIn,
                 query: [QueryParameter("metric", .enumeration(FitnessMetric.names), "The load metric (default load)"),
                         QueryParameter("from", .dateTime, "First day shown (default 90 days ago)"),
                         QueryParameter("to", .dateTime, "Last day (default today)"),
                         QueryParameter("project", .integer, "Days after the last to project from the planned sessions (0 to 180, default 0)")],
                 responses: [.json(200, "The chart's series", FitnessResponse.self)])
        api.get("analytics", "stats", use: stats)
            .doc("Count, distance, moving time, elevation and pace per day, week (Monday), month or year", tag: "Analytics",
                 access: .signedIn,
                 query: [QueryParameter("group", .enumeration(["day", "week", "month", "year"]), "Period (default week)"),
                         QueryParameter("from", .dateTime, "Start"), QueryParameter("to", .dateTime, "End (exclusive)"),
                         QueryParameter("sport", .string, "Sports, comma-separated"),
                         QueryParameter("family", .enumeration(Sport.Family.allCases.map(\.rawValue)), "A sport family")],
                 responses: [.json(200, "Statistics", StatsResponse.self)])
        api.get("records", use: records)
            .doc("Personal records of a sport family: best time per distance, best power per duration", tag: "Analytics", access: .signedIn,
                 query: [QueryParameter("family", .enumeration(Sport.Family.allCases.map(\.rawValue)), "Sport family (default running)"),
                         QueryParameter("top", .integer, "The best 1 to 10 per distance or duration (default 1)")],
                 responses: [.jsonArray(200, "One per distance or duration", of: RecordDTO.self)])
        api.get("records", ":record", use: recordHistory)
            .doc("How a record improved over time", tag: "Analytics", access: .signedIn,
                 responses: [.jsonArray(200, "Each effort that beat the previous best", of: RecordDTO.self)])
        api.get("predictions", "backtest", use: backtest)
            .doc("Each past race predicted from the efforts before it, with the error", tag: "Analytics", access: .signedIn,
                 responses: [.json(200, "Results and mean absolute error", BacktestResponse.self)])
        api.get("profile", use: profile)
            .doc("Physiology and zones in force today (estimated values are marked)", tag: "Analytics", access: .signedIn,
                 responses: [.json(200, "The profile", ProfileDTO.self)])
        api.put("profile", use: updateProfile)
            .doc("Set physiology from a date on (activities since then are re-analysed)", tag: "Analytics", access: .signedIn,
                 body: .json(ProfileDTO.self), responses: [.json(200, "The profile", ProfileDTO.self)])
        api.get("predictions", use: prediction)
            .doc("Race-time prediction from best efforts (Riegel, VDOT, Cameron)", tag: "Analytics", access: .signedIn,
                 query: [QueryParameter("distance", .number, "Race distance in metres (default 10,000)")],
                 responses: [.json(200, "The prediction with its basis", PredictionResponse.self)])
    }

    func backtest(request: Request) async throws -> BacktestResponse {
        BacktestResponse(summary: try await BacktestService(database: request.db, userID: try request.currentUserID).run())
    }

    func analysis(request: Request) async throws -> ActivityAnalysisResponse {
        let activity = try await ActivitiesController.find(request)
        if let json = activity.analysisJSON, let stored = try? JSONDecoder.api.decode(ActivityAnalysis.self, from: Data(json.utf8)) {
            return ActivityAnalysisResponse(analysis: stored)
        }
        guard let fresh = try await ActivityAnalysisService(database: request.db, userID: try request.currentUserID).analyze(activity) else {
            throw APIError.notFound("analysis (the activity has no samples)")
        }
        return ActivityAnalysisResponse(analysis: fresh)
    }

    func fitness(request: Request) async throws -> FitnessResponse {
        let metric = try request.queryText("metric", maxLength: 20) ?? "load"
        guard FitnessMetric.names.contains(metric) else {
            throw APIError.validation("metric must be load, trimp, heart_rate, pace or power.")
        }
        let project = try request.queryInt("project", default: 0, in: 0...180)
        let zone = try request.currentUser.zone
        var days = AthleteDays(zone: zone)
        let last = try request.queryDay("to", &days) ?? days.day(request.application.clock.now())
        let first = try request.queryDay("from", &days)
        try QueryBounds.checkSpan(from: FitnessModel.date(ofDay: first ?? last - 89), to: FitnessModel.date(ofDay: last))
        return try await StatisticsService(database: request.db, userID: try request.currentUserID,
                                           cache: request.application.activityRowsCache, zone: zone)
            .fitness(metric: metric, from: first, to: last, projectDays: project)
    }

    func stats(request: Request) async throws -> Response {
        let name = (try? request.query.get(String.self, at: "group")) ?? "week"
        guard let group = StatisticsService.Group(rawValue: name) else { throw APIError.validation("group must be day, week, month or year.") }
        var sports: Set<String>?
        if let list = try? request.query.get(String.self, at: "sport") {
            sports = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let familyName = try? request.query.get(String.self, at: "family") {
            guard let family = Sport.Family(rawValue: familyName) else { throw APIError.validation("Unknown sport family.") }
            sports = Set(Sport.allCases.filter { $0.family == family }.map(\.rawValue))
        }
        let zone = try request.currentUser.zone
        let days = AthleteDays(zone: zone)
        let (from, to) = (try request.queryInstant("from", days), try request.queryInstant("to", days))
        // Only periods with activities are listed: the answer is bounded by the athlete's activities.
        if let from, let to, to < from { throw APIError.validation("to must not be before from.") }
        let stats = try await StatisticsService(database: request.db, userID: try request.currentUserID,
                                                cache: request.application.activityRowsCache, zone: zone)
            .statistics(group: group, from: from, to: to, sports: sports)
        return StatsResponse.response(try stats.encoded())
    }

    /// Records of one sport family (running by default), the best `top` per distance or duration.
    func records(request: Request) async throws -> [RecordDTO] {
        let familyName = try request.queryText("family", maxLength: 20) ?? Sport.Family.running.rawValue
        guard let family = Sport.Family(rawValue: familyName) else { throw APIError.validation("Unknown sport family.") }
        let top = try request.queryInt("top", default: 1, in: 1...10)
        return try await RecordsService(database: request.db, userID: try request.currentUserID).records(family: family, top: top)
    }

    func recordHistory(request: Request) async throws -> [RecordDTO] {
        guard let name = request.parameters.get("record") else { throw APIError.notFound("record") }
        return try await RecordsService(database: request.db, userID: try request.currentUserID).history(of: name)
    }

    func profile(request: Request) async throws -> ProfileDTO {
        try await AthleteProfileService(request: request).current()
    }

    func updateProfile(request: Request) async throws -> ProfileDTO {
        try await AthleteProfileService(request: request).save(try request.content.decode(ProfileDTO.self))
    }

    func prediction(request: Request) async throws -> PredictionResponse {
        let distance = try request.queryDouble("distance", in: 400...250_000) ?? 10_000
        let efforts = try await AthleteParametersService(database: request.db, userID: try request.currentUserID)
            .bestEfforts(family: "running", before: request.application.clock.now())
        guard let prediction = RacePrediction.predict(distance: distance, from: efforts) else {
            throw APIError.notFound("prediction (no running efforts of 1 km or more in the past year)")
        }
        return PredictionResponse(prediction: prediction)
    }
}

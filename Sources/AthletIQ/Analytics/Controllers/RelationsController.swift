import AthletIQCore
import Fluent
import Foundation
import Vapor

struct ZonePaceResponse: Content, APISchema {
    var activities: Int
    var zones: [ZoneAnalysis.ZonePace]

    static var schema: Schema {
        let box = Schema.object(["count", "lower_whisker", "first_quartile", "median", "third_quartile", "upper_whisker"].map { .init($0, .number) })
        return .object([
            .init("activities", .integer),
            .init("zones", .array(.object([
                .init("zone", .object([.init("name", .string), .init("lower", .number), .init("upper", .number)])),
                .init("pace", .nullable(box), required: false),
            ]))),
        ])
    }
}

struct ElevationPaceResponse: Content, APISchema {
    var activities: Int
    var relation: ZoneAnalysis.ElevationPace

    static var schema: Schema {
        .object([
            .init("activities", .integer),
            .init("relation", .object([
                .init("points", .array(.array(.number))),
                .init("correlation", .nullable(.number), required: false),
                .init("seconds_per_metre", .nullable(.number), required: false),
            ])),
        ])
    }
}

/// Relations over many runs: pace per heart-rate zone, climbing against pace.
struct RelationsController {
    /// At most this many runs (the most recent in the range) are read sample by sample.
    static let maxActivities = 200

    func register(signedIn: any RoutesBuilder) {
        let analytics = signedIn.grouped("api", "v1", "analytics")
        let range = [QueryParameter("from", .dateTime, "Start (default a year ago)"), QueryParameter("to", .dateTime, "End (default now)")]
        analytics.get("heart-rate-zones", use: heartRateZones)
            .doc("Running pace per heart-rate zone (quartiles, median, whiskers)", tag: "Analytics", access: .signedIn, query: range,
                 responses: [.json(200, "One box plot per zone", ZonePaceResponse.self)])
        analytics.get("elevation-pace", use: elevationPace)
            .doc("Climbing per kilometre against pace, with the correlation", tag: "Analytics", access: .signedIn, query: range,
                 responses: [.json(200, "Points and correlation", ElevationPaceResponse.self)])
    }

    private func runs(_ request: Request, withSamples: Bool) async throws -> [Activity] {
        let to = try request.queryDate("to") ?? request.application.clock.now()
        let from = try request.queryDate("from") ?? to.addingTimeInterval(-365 * 86_400)
        try QueryBounds.checkSpan(from: from, to: to)
        let userID = try request.currentUserID
        var query = Activity.query(on: request.db).filter(\.$user.$id == userID)
            .filter(\.$sport ~~ Sport.allCases.filter { $0.family == .running }.map(\.rawValue))
            .filter(\.$startDate >= from).filter(\.$startDate < to)
        if withSamples { query = query.filter(\.$hasSamples == true) }
        return try await query.sort(\.$startDate, .descending).limit(Self.maxActivities).all()
    }

    func heartRateZones(request: Request) async throws -> ZonePaceResponse {
        let userID = try request.currentUserID
        let parameters = try await AthleteParametersService(database: request.db, userID: userID).resolve(at: request.application.clock.now()).parameters
        guard let zones = Zones.heartRate(for: parameters)?.zones else {
            throw APIError.notFound("heart-rate zones (record a run with heart rate, or set your max heart rate)")
        }
        let activities = try await runs(request, withSamples: true).filter(\.hasHeartRate)
        let ids = activities.compactMap(\.id)
        var series: [SampleSeries] = []
        for chunk in stride(from: 0, to: ids.count, by: 50) {
            let streams = try await ActivityStream.query(on: request.db).filter(\.$activity.$id ~~ Array(ids[chunk..<min(ids.count, chunk + 50)])).all()
            series += streams.compactMap { try? SampleCodec.decode($0.data) }
        }
        return ZonePaceResponse(activities: series.count, zones: ZoneAnalysis.paceByHeartRateZone(series, zones: zones))
    }

    func elevationPace(request: Request) async throws -> ElevationPaceResponse {
        let activities = try await runs(request, withSamples: false)
        let splits = activities.compactMap { activity in
            activity.analysisJSON.flatMap { try? JSONDecoder.api.decode(ActivityAnalysis.self, from: Data($0.utf8)) }?.splitsKilometre
        }
        return ElevationPaceResponse(activities: splits.count, relation: ZoneAnalysis.elevationVersusPace(splits.flatMap { $0 }))
    }
}

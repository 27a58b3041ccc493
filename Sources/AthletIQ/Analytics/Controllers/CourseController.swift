import AthletIQCore
import Fluent
import Foundation
import Vapor

struct CourseForecastResponse: Content, APISchema {
    var forecast: CourseForecast
    var basis: [Performance]

    static var schema: Schema {
        let segment = Schema.object(["index", "start_distance", "length", "gain", "loss", "grade", "time", "cumulative_time"].map { .init($0, .number) })
        let station = Schema.object([.init("name", .string), .init("distance", .number), .init("time", .number)])
        return .object([
            .init("forecast", .object([
                .init("distance", .number), .init("gain", .number), .init("loss", .number), .init("flat_equivalent_distance", .number),
                .init("finish_time", .number), .init("average_speed", .number), .init("trail", .boolean), .init("terrain_factor", .number),
                .init("segments", .array(segment)), .init("aid_stations", .array(station)),
                .init("profile", .array(.array(.number))),
            ])),
            .init("basis", .array(.performance)),
        ])
    }
}

/// Race predictions over a course: from a GPX upload, or from distance and climbing alone.
struct CourseController {
    func register(signedIn: any RoutesBuilder) {
        let course = signedIn.grouped("api", "v1", "predictions", "course")
        let query = [
            QueryParameter("trail", .boolean, "A trail race (terrain slows you by your own trail/road ratio)"),
            QueryParameter("aid", .string, "Aid stations as km:name, comma-separated (e.g. 12.5:Col,25:Refuge)"),
            QueryParameter("every_km", .number, "Or an aid station every N km"),
        ]
        course.on(.POST, body: .collect(maxSize: "20mb"), use: fromFile)
            .doc("Predict passage times over a GPX course (raw body or multipart `file`)", tag: "Analytics", access: .signedIn,
                 body: .media("application/gpx+xml", .binary), query: query,
                 responses: [.json(200, "Segments, aid stations and finish time", CourseForecastResponse.self)])
        course.get(use: fromForm)
            .doc("Predict a race from its distance and climbing, without a GPX", tag: "Analytics", access: .signedIn,
                 query: query + [QueryParameter("distance", .number, "Metres", required: true),
                                 QueryParameter("gain", .number, "Metres of climbing"), QueryParameter("loss", .number, "Metres of descent")],
                 responses: [.json(200, "Segments, aid stations and finish time", CourseForecastResponse.self)])
    }

    func fromFile(request: Request) async throws -> CourseForecastResponse {
        guard var body = request.body.data, body.readableBytes > 0 else { throw APIError.validation("Send the GPX file as the body.", code: "empty_file") }
        var data = Data(body.readBytes(length: body.readableBytes) ?? [])
        if let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
           let file = try UploadController.fileParts(ByteBuffer(bytes: data), boundary: boundary).first {
            data = file.data
        }
        let points = try await Self.points(fromFile: data)
        return try await forecast(request, points: points)
    }

    func fromForm(request: Request) async throws -> CourseForecastResponse {
        guard let distance = try request.queryDouble("distance", in: 1000...250_000) else {
            throw APIError.validation("distance (metres) is required, from 1,000 to 250,000.")
        }
        let gain = try request.queryDouble("gain", in: 0...20_000) ?? 0
        let loss = try request.queryDouble("loss", in: 0...20_000) ?? gain
        return try await forecast(request, points: CoursePredictor.synthetic(distance: distance, gain: gain, loss: loss))
    }

    private func forecast(_ request: Request, points: [CoursePoint]) async throws -> CourseForecastResponse {
        let trail = try request.queryBool("trail") ?? false
        let stations = try Self.aidStations(aid: try request.queryText("aid", maxLength: 2000),
                                            everyKilometres: try request.queryDouble("every_km", in: 0.1...250),
                                            distance: points.last?.distance ?? 0)
        return try await Self.forecast(database: request.db, userID: try request.currentUserID, points: points, trail: trail, stations: stations,
                                       now: request.application.clock.now())
    }

    /// Aid stations from `12.5:Col,25:Refuge` and/or one every N km.
    static func aidStations(aid: String?, everyKilometres: Double?, distance: Double) throws -> [(name: String, distance: Double)] {
        var stations: [(name: String, distance: Double)] = []
        if let every = everyKilometres {
            guard every >= 0.5 else { throw APIError.validation("every_km must be at least 0.5.") }
            stations = CoursePredictor.regularAidStations(every: every * 1000, distance: distance)
        }
        if let list = aid?.trimmingCharacters(in: .whitespaces), !list.isEmpty {
            for item in list.split(separator: ",").prefix(100) {
                let parts = item.split(separator: ":", maxSplits: 1)
                guard let km = parts.first.flatMap({ Double($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")) }),
                      km >= 0, km <= 1000 else {
                    throw APIError.validation("aid must look like 12.5:Col,25:Refuge.")
                }
                let name = parts.count > 1 ? String(parts[1].trimmingCharacters(in: .whitespaces).prefix(60)) : "Aid \(stations.count + 1)"
                stations.append((name, km * 1000))
            }
        }
        return stations
    }

    /// The forecast over `points` with the athlete's own efforts, threshold and terrain factor.
    static func forecast(database: any Database, userID: UUID, points: [CoursePoint], trail: Bool,
                         stations: [(name: String, distance: Double)], now: Date) async throws -> CourseForecastResponse {
        let parametersService = AthleteParametersService(database: database, userID: userID)
        let efforts = try await parametersService.bestEfforts(family: "running", before: now)
        let threshold = try await parametersService.resolve(at: now).parameters.thresholdSpeed
        let terrain = try await Self.terrainFactor(database, userID: userID, now: now)
        let result = CoursePredictor.forecast(points: points, trail: trail, terrainFactor: terrain, aidStations: stations) { distance in
            if let prediction = RacePrediction.predict(distance: distance, from: efforts) { return prediction.time }
            // Without efforts: threshold pace, slowed for long races (Riegel from a one-hour effort).
            guard let threshold else { return nil }
            return RacePrediction.riegel(from: Performance(distance: threshold * 3600, time: 3600), to: distance)
        }
        guard let result else {
            throw APIError.notFound("prediction (record a run of 1 km or more, or set a threshold pace in your profile)")
        }
        return CourseForecastResponse(forecast: result, basis: efforts)
    }

    /// Course points from an uploaded GPX (or any activity file).
    static func points(fromFile data: Data) async throws -> [CoursePoint] {
        let activity: DecodedActivity
        do {
            activity = try await ActivityFiles.decodeSingle(name: "course.gpx", data: data, limits: ArchiveLimits(maxFileBytes: 64 << 20))
        } catch let error as FileDecodeError {
            throw APIError.validation("The course cannot be read: \(error.description)", code: "invalid_file")
        }
        let points = CoursePredictor.points(from: activity)
        guard points.count >= 2 else { throw APIError.validation("The course has no elevation or distance to work with.", code: "invalid_course") }
        return points
    }

    /// How much slower the athlete runs trails than roads at equal grade-adjusted effort, over the
    /// past year (1.12 when there is not enough of both).
    static func terrainFactor(_ database: any Database, userID: UUID, now: Date) async throws -> Double {
        let since = now.addingTimeInterval(-365 * 86_400)
        func average(_ sport: Sport) async throws -> Double? {
            let speeds = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$sport == sport.rawValue)
                .filter(\.$startDate >= since).filter(\.$gradeAdjustedSpeed != nil).all().compactMap(\.gradeAdjustedSpeed)
            return speeds.count >= 3 ? speeds.reduce(0, +) / Double(speeds.count) : nil
        }
        guard let road = try await average(.run), let trail = try await average(.trailRun), trail > 0 else { return 1.12 }
        return min(1.5, max(1.0, road / trail))
    }
}

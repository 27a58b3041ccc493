import AthletIQCore
import Fluent
import Vapor

/// The race predictor and records pages.
struct InsightsPagesController {
    func register(_ app: Application) {
        let pages = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser())
        let signedIn = pages.grouped(CSRFProtection())
        signedIn.get("predict", use: predict).doc("The race predictor", tag: "Web", access: .signedInPage, responses: [.html("The page")])
        pages.on(.POST, "predict", body: .collect(maxSize: "20mb"), use: predictCourse)
            .doc("Predict a course from the form (a GPX, or distance and climbing; the CSRF token travels in the query)", tag: "Web",
                 access: .signedInPage, body: .media("multipart/form-data", .object([.init("file", .binary), .init("distance_km", .string)])),
                 query: [QueryParameter("_csrf", .string, "The session's CSRF token", required: true)],
                 responses: [.html("The page with the forecast")])
        signedIn.get("records", use: records).doc("Records, their progression, pace by zone, climbing and pace", tag: "Web",
                                                  access: .signedInPage, query: [QueryParameter("record", .string, "A record to chart (e.g. 5k)"),
                                                                                 QueryParameter("family", .enumeration(RecordsPage.families), "Sport family (default running)")],
                                                  responses: [.html("The page")])
    }

    private func predictions(_ request: Request) async throws -> [RacePrediction.Prediction] {
        let efforts = try await AthleteParametersService(database: request.db, userID: try request.currentUserID)
            .bestEfforts(family: "running", before: request.application.clock.now())
        return PredictPage.distances.compactMap { RacePrediction.predict(distance: $0.0, from: efforts) }
    }

    func predict(request: Request) async throws -> Response {
        let model = PredictPage.Model(predictions: try await predictions(request))
        return Layout.response(PredictPage.render(model, context: PageContext(request: request)))
    }

    func predictCourse(request: Request) async throws -> Response {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        if context.credential == .cookie {
            let token = (try? request.query.get(String.self, at: "_csrf")) ?? ""
            guard CSRFProtection.originIsOurs(request),
                  SecureToken.constantTimeEquals(token, CSRFToken.token(sessionID: context.sessionID, settings: request.settings)) else {
                throw APIError.forbidden("The form has expired; reload the page.", code: "csrf_token")
            }
        }
        var model = PredictPage.Model(predictions: try await predictions(request))
        var fields: [String: String] = [:]
        var file: Data?
        if let type = request.headers.contentType, let boundary = type.parameters["boundary"], let body = request.body.data {
            for name in ["distance_km", "gain", "loss", "trail", "aid", "every_km"] {
                fields[name] = PlansPagesController.textField(name, in: body, boundary: boundary)
            }
            file = try UploadController.fileParts(body, boundary: boundary).first.flatMap { $0.data.isEmpty ? nil : $0.data }
        }
        model.form = fields
        func number(_ key: String) -> Double? {
            fields[key].flatMap { Double($0.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)) }
        }
        do {
            let points: [CoursePoint]
            if let file {
                points = try await CourseController.points(fromFile: file)
            } else {
                guard let kilometres = number("distance_km"), (1...250).contains(kilometres) else {
                    throw APIError.validation("Give a GPX file, or a distance from 1 to 250 km.")
                }
                let gain = number("gain") ?? 0
                guard (0...20_000).contains(gain), (0...20_000).contains(number("loss") ?? gain) else {
                    throw APIError.validation("Climbing and descent must be 0 to 20,000 m.")
                }
                points = CoursePredictor.synthetic(distance: kilometres * 1000, gain: gain, loss: number("loss") ?? gain)
            }
            let stations = try CourseController.aidStations(aid: fields["aid"], everyKilometres: number("every_km"),
                                                            distance: points.last?.distance ?? 0)
            model.course = try await CourseController.forecast(database: request.db, userID: context.userID, points: points,
                                                               trail: fields["trail"] == "true", stations: stations,
                                                               now: request.application.clock.now()).forecast
            return Layout.response(PredictPage.render(model, context: PageContext(request: request)))
        } catch let error as APIError {
            model.error = error.message
            return Layout.response(PredictPage.render(model, context: PageContext(request: request)), status: error.status)
        }
    }

    func records(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        let familyName = try request.queryText("family", maxLength: 20) ?? Sport.Family.running.rawValue
        guard let family = Sport.Family(rawValue: familyName), RecordsPage.families.contains(familyName) else {
            throw APIError.validation("Unknown sport family.")
        }
        let service = RecordsService(database: request.db, userID: userID)
        let records = try await service.records(family: family, top: 3)
        let selected = try request.queryText("record", maxLength: 40).flatMap { name in records.contains { $0.name == name } ? name : nil }
            ?? records.first?.name
        var history: [RecordDTO] = []
        if let selected { history = try await service.history(of: selected, family: family) }
        let zones = (try? await RelationsController().heartRateZones(request: request))?.zones.compactMap { zone -> SVGChart.Box? in
            guard let pace = zone.pace else { return nil }
            return SVGChart.Box(label: zone.zone.name, lower: pace.lowerWhisker, firstQuartile: pace.firstQuartile, median: pace.median,
                                thirdQuartile: pace.thirdQuartile, upper: pace.upperWhisker, count: pace.count)
        } ?? []
        let relation = try? await RelationsController().elevationPace(request: request)
        let model = RecordsPage.Model(family: family.rawValue, records: records, selected: selected, history: history, zones: zones,
                                      climb: relation?.relation.points.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } ?? [],
                                      correlation: relation?.relation.correlation)
        return Layout.response(RecordsPage.render(model, context: PageContext(request: request)))
    }
}

import AthletIQCore
import Fluent
import SQLKit
import Foundation
import Vapor

/// The user's activities: list (paginated, filtered), detail, samples, original file, edit, delete.
struct ActivitiesController {
    static let maxPerPage = 200

    func register(signedIn: any RoutesBuilder) {
        let activities = signedIn.grouped("api", "v1", "activities")
        activities.get(use: list)
            .doc("My activities, most recent first unless sorted otherwise", tag: "Activities", access: .signedIn,
                 query: [QueryParameter("sport", .string, "Sport (e.g. run, trail_run, ride); comma-separated for several"),
                         QueryParameter("family", .enumeration(Sport.Family.allCases.map(\.rawValue)), "Sport family"),
                         QueryParameter("from", .dateTime, "Start on or after (ISO-8601)"),
                         QueryParameter("to", .dateTime, "Start before (ISO-8601)"),
                         QueryParameter("q", .string, "Text in the name or description"),
                         QueryParameter("race", .boolean, "Only races (true)"),
                         QueryParameter("sort", .enumeration(ActivityListQuery.Sort.allCases.map(\.rawValue)),
                                        "Sort key (default date); missing values come last"),
                         QueryParameter("order", .enumeration(["asc", "desc"]), "Sort order (default desc)"),
                         QueryParameter("page", .integer, "Page number, from 1"),
                         QueryParameter("per_page", .integer, "Items per page, at most 200 (default 50)")],
                 responses: [.json(200, "A page of activities", ActivityPage.self)])
        let one = activities.grouped(":activityID")
        one.get(use: detail)
            .doc("One activity with its laps", tag: "Activities", access: .signedIn,
                 responses: [.json(200, "The activity", ActivityResponse.self)])
        one.patch(use: update)
            .doc("Rename, re-describe, correct the sport (a corrected sport survives later updates), note, rate the effort, name the gear, or set the race result", tag: "Activities",
                 access: .signedIn, body: .json(UpdateActivityRequest.self), responses: [.json(200, "The activity", ActivityResponse.self)])
        one.delete(use: delete)
            .doc("Delete an activity with its samples and file", tag: "Activities", access: .signedIn, responses: [.empty(204, "Deleted")])
        one.get("samples", use: samples)
            .doc("The samples by channel, optionally downsampled for charts", tag: "Activities", access: .signedIn,
                 query: [QueryParameter("points", .integer, "At most this many samples (evenly spread)")],
                 responses: [.json(200, "Samples", SamplesResponse.self)])
        one.get("file", use: file)
            .doc("Download the original file", tag: "Activities", access: .signedIn,
                 responses: [.content(200, "The file as uploaded", mediaType: "application/octet-stream", schema: .binary)])
    }

    /// The activity of the signed-in user, or 404 (also for another user's).
    static func find(_ request: Request) async throws -> Activity {
        guard let id = request.parameters.get("activityID", as: UUID.self),
              let activity = try await Activity.query(on: request.db).filter(\.$id == id)
                .filter(\.$user.$id == request.currentUserID).first() else {
            throw APIError.notFound("activity")
        }
        return activity
    }

    func list(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        // The same page again, with nothing changed since: straight from memory.
        let cacheKey = "\(userID)|\(request.url.query ?? "")"
        var fingerprint: String?
        if let sql = request.db as? any SQLDatabase {
            fingerprint = try await request.application.activityListCache.fingerprint(userID: userID, on: sql)
            if let fingerprint, let body = request.application.activityListCache.body(for: cacheKey, fingerprint: fingerprint) {
                return ActivityPage.response(body)
            }
        }
        let (page, perPage) = try request.queryPage(defaultSize: 50, maxSize: Self.maxPerPage)
        var query = ActivityListQuery(userID: userID, postgres: request.settings.database.kind == "postgres")
        if let sports = try? request.query.get(String.self, at: "sport") {
            let values = sports.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.allSatisfy({ Sport(rawValue: $0) != nil }) else {
                throw APIError.validation("Unknown sport; use one of: \(Sport.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query.sports = values
        }
        if let familyName = try? request.query.get(String.self, at: "family") {
            guard let family = Sport.Family(rawValue: familyName) else { throw APIError.validation("Unknown sport family.") }
            let members = Sport.allCases.filter { $0.family == family }.map(\.rawValue)
            query.sports = query.sports.map { $0.filter(members.contains) } ?? members
        }
        query.from = try request.queryDate("from")
        query.to = try request.queryDate("to")
        query.text = (try? request.query.get(String.self, at: "q"))?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        query.racesOnly = try request.queryBool("race") ?? false
        if let sort = try request.queryText("sort", maxLength: 20) {
            guard let key = ActivityListQuery.Sort(rawValue: sort) else {
                throw APIError.validation("sort must be one of: \(ActivityListQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query.sort = key
        }
        if let order = try request.queryText("order", maxLength: 10) {
            guard order == "asc" || order == "desc" else { throw APIError.validation("order must be asc or desc.") }
            query.ascending = order == "asc"
        }
        let (items, total) = try await query.page(page, perPage: perPage, on: request.db)
        var next: String?
        if page * perPage < total {
            var components = URLComponents(string: request.url.string) ?? URLComponents()
            var items = (components.queryItems ?? []).filter { $0.name != "page" }
            items.append(URLQueryItem(name: "page", value: String(page + 1)))
            components.queryItems = items
            next = components.string
        }
        let body = try ActivityPage(items: items, total: total, page: page, perPage: perPage, next: next).encoded()
        if let fingerprint { request.application.activityListCache.store(body, for: cacheKey, fingerprint: fingerprint) }
        return ActivityPage.response(body)
    }

    func detail(request: Request) async throws -> ActivityResponse {
        let activity = try await Self.find(request)
        var response = try ActivityResponse(activity, withLaps: true)
        response.records = try await RecordFlags.records(of: activity, on: request.db)
        if let group = activity.multisportID {
            response.legs = try await Activity.query(on: request.db).filter(\.$user.$id == request.currentUserID)
                .filter(\.$multisportID == group).sort(\.$legIndex).all().map {
                    LegDTO(id: try $0.requireID(), legIndex: $0.legIndex ?? 0, sport: $0.sport, name: $0.name, startDate: $0.startDate,
                           distance: $0.distance, movingTime: $0.movingTime)
                }
        }
        return response
    }

    func update(request: Request) async throws -> ActivityResponse {
        let activity = try await Self.find(request)
        let input = try request.content.decode(UpdateActivityRequest.self)
        try await ActivityEditing(database: request.db, userID: try request.currentUserID).apply(
            ActivityEdit(name: input.name, description: input.description, sport: input.sport, notes: input.notes,
                         perceivedEffort: input.perceivedEffort, gear: input.gear, gearID: input.gearId, race: input.race,
                         raceDistance: input.raceDistance, raceTime: input.raceTime), to: activity)
        return try ActivityResponse(activity, withLaps: true)
    }

    func delete(request: Request) async throws -> HTTPStatus {
        try await ActivityDeletion(database: request.db).delete(try await Self.find(request))
        return .noContent
    }

    func samples(request: Request) async throws -> SamplesResponse {
        let activity = try await Self.find(request)
        let id = try activity.requireID()
        guard let stream = try await ActivityStream.query(on: request.db).filter(\.$activity.$id == id).first() else {
            return SamplesResponse(count: 0, originalCount: 0, channels: [:])
        }
        let series = try SampleCodec.decode(stream.data)
        var output = series
        if request.query[String.self, at: "points"] != nil {
            let points = try request.queryInt("points", default: 2, in: 2...100_000)
            output = series.downsampled(to: points)
        }
        var channels: [String: [Double?]] = [:]
        for (channel, values) in output.columns { channels[channel.rawValue] = values.map { $0.isNaN ? nil : $0 } }
        return SamplesResponse(count: output.count, originalCount: series.count, channels: channels)
    }

    func file(request: Request) async throws -> Response {
        let activity = try await Self.find(request)
        let id = try activity.requireID()
        guard let stored = try await ActivityFile.query(on: request.db).filter(\.$activity.$id == id).first() else {
            throw APIError.notFound("original file")
        }
        let data = try Deflate.gunzip(stored.data, limit: max(stored.size, 1) + 1024)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: stored.format == "fit" ? "application/vnd.ant.fit" : "application/xml")
        let safeName = stored.filename.filter { $0.isLetter || $0.isNumber || "._-".contains($0) }
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safeName.isEmpty ? "activity.\(stored.format)" : safeName)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

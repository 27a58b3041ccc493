import Fluent
import SQLKit
import Vapor

/// The signed-in user's Strava: status, sync, disconnect, the shared quota, their place in the
/// queue, and asking for activities now.
struct StravaController {
    func register(signedIn: any RoutesBuilder) {
        let strava = signedIn.grouped("api", "v1", "strava")
        strava.get("status", use: status)
            .doc("My Strava connection, sync progress and enrichment", tag: "Strava", access: .signedIn,
                 responses: [.json(200, "The status", StravaStatusResponse.self)])
        strava.post("sync", use: sync)
            .doc("Import my Strava history for a period (summaries first, then details and streams)", tag: "Strava",
                 access: .signedIn, body: .json(StravaSyncRequest.self),
                 responses: [.json(202, "Started", StravaStatusResponse.self), .json(409, "Not connected", ErrorBodySchema.self)])
        strava.delete("connection", use: disconnect)
            .doc("Disconnect Strava: revokes our access at Strava, deletes the tokens and the data that came from Strava",
                 tag: "Strava", access: .signedIn, responses: [.empty(204, "Disconnected")])
        strava.get("quota", use: quota)
            .doc("The instance's Strava quota: usage and reset times of each window", tag: "Strava", access: .signedIn,
                 responses: [.json(200, "The quota", QuotaSnapshot.self)])
        strava.get("queue", use: queue)
            .doc("My jobs in the Strava queue, my place and the estimated wait", tag: "Strava", access: .signedIn,
                 responses: [.json(200, "My queue", StravaQueueResponse.self)])
        strava.post("enrich-all", use: enrichAll)
            .doc("Queue the detail and streams of every Strava activity of mine not yet fetched", tag: "Strava",
                 access: .signedIn, responses: [.json(202, "Queued", StravaQueuedResponse.self)])
        strava.post("activities", ":activityID", "enrich", use: prioritise)
            .doc("Fetch this activity's detail and streams now (ahead of the background queue)", tag: "Strava",
                 access: .signedIn, responses: [.json(202, "Queued first", StravaQueuedResponse.self)])
    }

    private func connection(_ request: Request, _ services: StravaServices) async throws -> StravaConnection {
        guard let connection = try await services.connection(userID: try request.currentUserID) else {
            throw APIError.conflict("Strava is not connected.", code: "not_connected")
        }
        return connection
    }

    func status(request: Request) async throws -> StravaStatusResponse {
        guard let services = StravaServices(application: request.application, database: request.db, logger: request.logger) else {
            return StravaStatusResponse(configured: false, connected: false)
        }
        let userID = try request.currentUserID
        guard let connection = try await services.connection(userID: userID) else {
            return StravaStatusResponse(configured: true, connected: false)
        }
        return try await Self.status(of: connection, database: request.db)
    }

    static func status(of connection: StravaConnection, database: any Database) async throws -> StravaStatusResponse {
        let userID = connection.$user.id
        let fromStrava = Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$source == "strava")
        let total = try await fromStrava.count()
        let enriched = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$source == "strava")
            .filter(\.$enrichedAt != nil).count()
        return StravaStatusResponse(
            configured: true, connected: true, athleteId: connection.athleteID, athleteName: connection.athleteName,
            scopes: connection.scopeList, privateActivities: connection.scopeList.contains("activity:read_all"),
            status: connection.status, connectedAt: connection.createdAt, lastError: connection.lastError,
            sync: .init(status: connection.syncStatus, periodDays: connection.syncPeriodDays, fetched: connection.syncFetched,
                        nextPage: connection.syncPage, startedAt: connection.syncStartedAt, finishedAt: connection.syncFinishedAt),
            activities: .init(total: total, enriched: enriched, waitingForEnrichment: total - enriched))
    }

    func sync(request: Request) async throws -> Response {
        let services = try request.strava
        let connection = try await connection(request, services)
        let input = try request.content.decode(StravaSyncRequest.self)
        guard let period = StravaSync.periods[input.period] else {
            throw APIError.validation("period must be 7, 30, 90, 365 or all.")
        }
        guard connection.status == "active" else {
            throw APIError.conflict("Strava refused our authorization: connect again.", code: "reauthorize")
        }
        try await StravaSync(services: services).start(connection, periodDays: period)
        let body = try await Self.status(of: connection, database: request.db)
        return try await body.encodeResponse(status: .accepted, for: request)
    }

    func disconnect(request: Request) async throws -> HTTPStatus {
        let services = try request.strava
        guard let connection = try await services.connection(userID: try request.currentUserID) else { return .noContent }
        try await StravaDisconnection(services: services).disconnect(connection)
        return .noContent
    }

    func quota(request: Request) async throws -> QuotaSnapshot {
        try await request.strava.quota.snapshot()
    }

    func queue(request: Request) async throws -> StravaQueueResponse {
        let services = try request.strava
        return try await StravaQueueEstimate(services: services).estimate(userID: try request.currentUserID)
    }

    func enrichAll(request: Request) async throws -> Response {
        let services = try request.strava
        let connection = try await connection(request, services)
        let queued = try await StravaSync(services: services).enqueueUnenriched(userID: connection.$user.id)
        return try await StravaQueuedResponse(queued: queued).encodeResponse(status: .accepted, for: request)
    }

    func prioritise(request: Request) async throws -> Response {
        let services = try request.strava
        let activity = try await ActivitiesController.find(request)
        let connection = try await connection(request, services)
        guard activity.source == "strava", let stravaID = activity.stravaID else {
            throw APIError.conflict("This activity did not come from Strava.", code: "not_from_strava")
        }
        try await services.queue.enqueue(userID: connection.$user.id, kind: .enrich, stravaID: stravaID,
                                         priority: StravaJob.Priority.userRequested, sortKey: activity.startDate.timeIntervalSince1970)
        services.notifyWorkers()
        return try await StravaQueuedResponse(queued: 1).encodeResponse(status: .accepted, for: request)
    }
}

import AthletIQCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Stores webhook events (first, so nothing is lost) and processes them: a new activity is
/// queued for fetching, an update changes title, sport (unless the user corrected it) or
/// privacy, a delete removes the owner's activity, and a deauthorization deletes the tokens and
/// everything that came from Strava for that athlete.
struct StravaWebhookProcessor {
    let services: StravaServices

    /// An event as Strava posts it. Ids arrive as numbers or strings.
    struct Event: Sendable {
        var subscriptionID: Int64
        var ownerID: Int64
        var objectType: String
        var objectID: Int64
        var aspectType: String
        var updates: [String: String]
        var eventTime: Int64
    }

    /// Stores the event; false when it was a repeated delivery of one already stored.
    func store(_ event: Event) async throws -> (stored: Bool, id: UUID?) {
        let updatesJSON = String(decoding: (try? JSONSerialization.data(withJSONObject: event.updates, options: [.sortedKeys])) ?? Data("{}".utf8),
                                 as: UTF8.self)
        let identity = "\(event.subscriptionID)|\(event.ownerID)|\(event.objectType)|\(event.objectID)|\(event.aspectType)|\(event.eventTime)|\(updatesJSON)"
        let key = SHA256.hash(data: Data(identity.utf8)).map { String(format: "%02x", $0) }.joined()
        let row = StravaWebhookEvent()
        row.dedupeKey = key
        row.subscriptionID = event.subscriptionID
        row.ownerID = event.ownerID
        row.objectType = event.objectType
        row.objectID = event.objectID
        row.aspectType = event.aspectType
        row.updatesJSON = updatesJSON
        row.eventTime = event.eventTime
        row.status = .received
        row.receivedAt = services.clock.now().timeIntervalSince1970
        do {
            try await row.create(on: services.database)
            return (true, row.id)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return (false, nil)
        }
    }

    /// Processes one stored event, unless another process already took it.
    func process(eventID: UUID) async {
        let now = services.clock.now().timeIntervalSince1970
        guard let sql = services.database as? any SQLDatabase else { return }
        struct Claimed: Decodable { var id: UUID }
        let claimed = (try? await sql.raw("""
            UPDATE strava_webhook_events SET status = 'processing', lease_until = \(bind: now + 120)
            WHERE id = \(bind: eventID) AND (status = 'received' OR (status = 'processing' AND lease_until < \(bind: now)))
            RETURNING id
            """).all(decoding: Claimed.self)) ?? []
        guard !claimed.isEmpty, let event = try? await StravaWebhookEvent.find(eventID, on: services.database) else { return }
        let status: StravaWebhookEvent.Status
        let result: String
        do {
            (status, result) = try await handle(event)
        } catch {
            services.logger.error("Strava webhook event failed", metadata: ["event_id": .string(eventID.uuidString), "error": "\(error)"])
            (status, result) = (.failed, String(String(describing: error).prefix(500)))
        }
        event.status = status
        event.result = result
        event.processedAt = services.clock.now().timeIntervalSince1970
        event.leaseUntil = nil
        try? await event.save(on: services.database)
        services.logger.info("Strava webhook event", metadata: [
            "object_type": .string(event.objectType), "aspect_type": .string(event.aspectType),
            "object_id": "\(event.objectID)", "status": .string(status.rawValue), "result": .string(result)])
    }

    /// Events stored but not processed within a minute (the process stopped in between).
    func processStale() async {
        let cutoff = services.clock.now().timeIntervalSince1970 - 60
        let stale = (try? await StravaWebhookEvent.query(on: services.database)
            .group(.or) { group in
                group.group(.and) { $0.filter(\.$status == .received).filter(\.$receivedAt < cutoff) }
                group.group(.and) { $0.filter(\.$status == .processing).filter(\.$leaseUntil < cutoff) }
            }
            .limit(100).all()) ?? []
        for event in stale { if let id = event.id { await process(eventID: id) } }
    }

    private func handle(_ event: StravaWebhookEvent) async throws -> (StravaWebhookEvent.Status, String) {
        if let expected = try await expectedSubscriptionID(), expected != event.subscriptionID {
            return (.ignored, "subscription \(event.subscriptionID) is not ours (\(expected))")
        }
        guard let connection = try await StravaConnection.query(on: services.database)
            .filter(\.$athleteID == event.ownerID).first() else {
            return (.ignored, "athlete \(event.ownerID) is not connected here")
        }
        let userID = connection.$user.id
        let updates = event.updates
        switch (event.objectType, event.aspectType) {
        case ("athlete", _) where updates["authorized"]?.lowercased() == "false":
            try await StravaDisconnection(services: services).deleteEverything(of: connection)
            return (.processed, "athlete deauthorized: tokens and Strava data deleted")
        case ("athlete", _):
            return (.ignored, "athlete update without deauthorization")
        case ("activity", "create"):
            try await services.queue.enqueue(userID: userID, kind: .fetch, stravaID: event.objectID,
                                             priority: StravaJob.Priority.webhook, sortKey: Double(event.eventTime))
            services.notifyWorkers()
            return (.processed, "queued for fetching")
        case ("activity", "update"):
            return try await update(event.objectID, userID: userID, updates: updates)
        case ("activity", "delete"):
            let activities = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
                .filter(\.$stravaID == event.objectID).filter(\.$source == "strava").all()
            for activity in activities { try await ActivityDeletion(database: services.database).delete(activity) }
            try await StravaJob.query(on: services.database).filter(\.$user.$id == userID)
                .filter(\.$stravaID == event.objectID).filter(\.$status == .pending).delete()
            return (.processed, activities.isEmpty ? "nothing to delete" : "activity deleted")
        default:
            return (.ignored, "unknown event \(event.objectType)/\(event.aspectType)")
        }
    }

    private func update(_ stravaID: Int64, userID: UUID, updates: [String: String]) async throws -> (StravaWebhookEvent.Status, String) {
        guard let activity = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == stravaID).first() else {
            // Not known yet (created before the connection, or the create event was lost).
            try await services.queue.enqueue(userID: userID, kind: .fetch, stravaID: stravaID, priority: StravaJob.Priority.webhook)
            services.notifyWorkers()
            return (.processed, "unknown activity queued for fetching")
        }
        var changed: [String] = []
        if let title = updates["title"]?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty {
            activity.name = String(title.prefix(200))
            changed.append("title")
        }
        if let type = updates["sport_type"] ?? updates["type"] {
            if activity.sportLocked {
                changed.append("sport kept (corrected by the user)")
            } else {
                activity.sport = StravaSportTypes.sport(type).rawValue
                activity.sportName = type
                changed.append("sport")
            }
        }
        if let privacy = updates["private"] {
            activity.isPrivate = privacy.lowercased() == "true"
            changed.append("privacy")
        }
        if let visibility = updates["visibility"] {
            activity.isPrivate = visibility == "only_me"
            changed.append("privacy")
        }
        try await activity.save(on: services.database)
        if changed.contains("sport") {
            try await ActivityAnalysisService(database: services.database, userID: userID).analyze(activity)
        }
        return (.processed, changed.isEmpty ? "nothing we keep changed" : "updated " + changed.joined(separator: ", "))
    }

    private func expectedSubscriptionID() async throws -> Int64? {
        if let configured = services.settings.webhookSubscriptionID { return Int64(configured) }
        return try await StravaAppState.get(StravaAppState.subscriptionKey, on: services.database).flatMap { Int64($0) }
    }
}

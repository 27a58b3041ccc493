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

    /// Why an event is not even stored: another subscription's (also when none is recorded: no
    /// subscription, no events), or an athlete nobody connected here. Nil when it is ours.
    func refusal(of event: Event) async throws -> String? {
        guard let expected = try await expectedSubscriptionID() else { return "no subscription is recorded" }
        guard expected == event.subscriptionID else { return "subscription \(event.subscriptionID) is not ours" }
        let connected = try await StravaConnection.query(on: services.database).filter(\.$athleteID == event.ownerID).count()
        return connected == 0 ? "athlete \(event.ownerID) is not connected here" : nil
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
        } catch where Self.isTemporary(error)
                    && services.clock.now().timeIntervalSince1970 - event.receivedAt < Self.confirmationPatience {
            // Strava could not confirm a deletion now (quota, outage), or our own database was
            // busy: neither is the event's fault, so it is tried again later.
            event.leaseUntil = services.clock.now().timeIntervalSince1970 + Self.retryDelay
            try? await event.save(on: services.database)
            services.logger.notice("Strava webhook event deferred", metadata: ["event_id": .string(eventID.uuidString), "error": "\(error)"])
            return
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

    /// How long a destructive event waits for Strava's confirmation before it fails, and between tries.
    static let confirmationPatience: Double = 2 * 86_400
    static let retryDelay: Double = 600

    /// Failures that say "not now" rather than "never": Strava's transient ones, and SQLite's
    /// "database is locked" under the app's own concurrency.
    static func isTemporary(_ error: any Error) -> Bool {
        if let strava = error as? StravaAPIError { return strava.isTransient }
        return DatabaseContention.isContention(error)
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
        // Handled events are kept 30 days (to de-duplicate Strava's retries and to explain what
        // happened), then forgotten, so the table stays bounded.
        let forgotten = services.clock.now().timeIntervalSince1970 - Self.retention
        try? await StravaWebhookEvent.query(on: services.database)
            .filter(\.$status ~~ [.processed, .ignored, .failed]).filter(\.$processedAt < forgotten).delete()
    }

    static let retention: Double = 30 * 86_400

    private func handle(_ event: StravaWebhookEvent) async throws -> (StravaWebhookEvent.Status, String) {
        guard let expected = try await expectedSubscriptionID(), expected == event.subscriptionID else {
            return (.ignored, "subscription \(event.subscriptionID) is not ours")
        }
        guard let connection = try await StravaConnection.query(on: services.database)
            .filter(\.$athleteID == event.ownerID).first() else {
            return (.ignored, "athlete \(event.ownerID) is not connected here")
        }
        let userID = connection.$user.id
        let updates = event.updates
        switch (event.objectType, event.aspectType) {
        case ("athlete", _) where updates["authorized"]?.lowercased() == "false":
            // Strava signs nothing: believe a deauthorization only when the token really stopped working.
            guard try await tokenRefused(connection) else {
                return (.ignored, "deauthorization not confirmed: the athlete's token still works")
            }
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
            // Confirmed with Strava before anything goes: the activity must really answer 404.
            if !activities.isEmpty, try await stillAtStrava(event.objectID, connection: connection) {
                return (.ignored, "deletion not confirmed: Strava still has activity \(event.objectID)")
            }
            try await services.store(userID: userID).removeGone(stravaID: event.objectID)
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

    /// Whether Strava still serves the activity to its owner (a 404 says it is gone).
    private func stillAtStrava(_ stravaID: Int64, connection: StravaConnection) async throws -> Bool {
        do {
            _ = try await services.api(for: connection, use: .interactive).activity(stravaID)
            return true
        } catch StravaAPIError.notFound {
            return false
        }
    }

    /// Whether Strava refuses the athlete's token, after one refresh.
    private func tokenRefused(_ connection: StravaConnection) async throws -> Bool {
        do {
            try await services.api(for: connection, use: .interactive).athlete()
            return false
        } catch StravaAPIError.unauthorized {
            return true
        }
    }

    private func expectedSubscriptionID() async throws -> Int64? {
        if let configured = services.settings.webhookSubscriptionID { return Int64(configured) }
        return try await StravaAppState.get(StravaAppState.subscriptionKey, on: services.database).flatMap { Int64($0) }
    }
}

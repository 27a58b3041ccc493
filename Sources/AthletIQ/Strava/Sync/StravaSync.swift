import AthletIQCore
import Fluent
import Foundation
import Vapor

/// The import of an athlete's history: summaries page by page (200 per read), then the detail
/// and streams of each activity as background jobs, newest first. The cursor lives on the
/// connection, so a restart or a spent quota continues where it stopped.
struct StravaSync {
    let services: StravaServices

    /// The periods a user can choose, in days (nil: everything).
    static let periods: [String: Int?] = ["7": 7, "30": 30, "90": 90, "365": 365, "all": nil]

    /// Starts (or restarts) the import of `periodDays` of history.
    func start(_ connection: StravaConnection, periodDays: Int?) async throws {
        let now = services.clock.now()
        connection.syncPeriodDays = periodDays
        connection.syncAfter = periodDays.map { now.addingTimeInterval(-Double($0) * 86_400).timeIntervalSince1970 }
        try await begin(connection, now: now)
    }

    /// Fetches what is new since the latest activity we have from Strava (a day of overlap).
    /// `newcomer`: the athlete just connected for the first time, their first page is urgent.
    func startIncremental(_ connection: StravaConnection, newcomer: Bool = false) async throws {
        let latest = try await Activity.query(on: services.database).filter(\.$user.$id == connection.$user.id)
            .filter(\.$stravaID != nil).sort(\.$startDate, .descending).first()
        connection.syncPeriodDays = nil
        connection.syncAfter = latest.map { $0.startDate.addingTimeInterval(-86_400).timeIntervalSince1970 }
        try await begin(connection, now: services.clock.now(),
                        priority: newcomer ? StravaJob.Priority.newcomer : StravaJob.Priority.sync)
    }

    private func begin(_ connection: StravaConnection, now: Date, priority: Int = StravaJob.Priority.sync) async throws {
        connection.syncBefore = now.timeIntervalSince1970
        connection.syncPage = 1
        connection.syncFetched = 0
        connection.syncStatus = "running"
        connection.syncStartedAt = now
        connection.syncFinishedAt = nil
        connection.lastError = nil
        try await connection.save(on: services.database)
        try await services.queue.enqueue(userID: connection.$user.id, kind: .sync, priority: priority,
                                         sortKey: now.timeIntervalSince1970)
        services.notifyWorkers()
    }

    /// Queues the detail and streams of `items`: recent ones (and a user's first three) ahead of
    /// the deep history of everyone.
    func enqueueEnrichment(userID: UUID, _ items: [(stravaID: Int64, sortKey: Double)]) async throws {
        guard !items.isEmpty else { return }
        let recentSince = services.clock.now().addingTimeInterval(-Self.recentDays * 86_400).timeIntervalSince1970
        var boosted = try await StravaJob.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$kind == .enrich).filter(\.$priority >= StravaJob.Priority.recent).count()
        // A newcomer's first activities (until three are enriched) are urgent.
        let enriched = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$source == "strava").filter(\.$enrichedAt != nil).count()
        let urgent = try await StravaJob.query(on: services.database).filter(\.$user.$id == userID).filter(\.$kind == .enrich)
            .filter(\.$priority == StravaJob.Priority.newcomer).filter(\.$status ~~ [.pending, .running]).count()
        var newcomerSlots = max(0, Self.firstActivities - enriched - urgent)
        let ordered = items.sorted { $0.sortKey > $1.sortKey }.map { item -> (stravaID: Int64, sortKey: Double, priority: Int) in
            if newcomerSlots > 0 {
                newcomerSlots -= 1
                boosted += 1
                return (item.stravaID, item.sortKey, StravaJob.Priority.newcomer)
            }
            if item.sortKey >= recentSince || boosted < Self.firstActivities {
                boosted += 1
                return (item.stravaID, item.sortKey, StravaJob.Priority.recent)
            }
            return (item.stravaID, item.sortKey, StravaJob.Priority.backfill)
        }
        try await services.queue.enqueueMany(userID: userID, kind: .enrich, items: ordered)
    }

    static let recentDays = 14.0
    static let firstActivities = 3

    /// A page failed: the athlete sees why. `retrying` when the job waits for its next try
    /// (Strava down, a network fault), otherwise the sync stopped until they connect again.
    func noteFailure(userID: UUID, reason: String, retrying: Bool) async {
        guard let connection = try? await services.connection(userID: userID),
              ["running", "waiting"].contains(connection.syncStatus) else { return }
        connection.syncStatus = retrying ? "waiting" : "failed"
        connection.lastError = reason
        try? await connection.save(on: services.database)
    }

    /// Continues an interrupted sync from its cursor (after a reconnection).
    func resume(_ connection: StravaConnection) async throws {
        connection.syncStatus = "running"
        connection.lastError = nil
        try await connection.save(on: services.database)
        try await services.queue.enqueue(userID: connection.$user.id, kind: .sync, priority: StravaJob.Priority.sync,
                                         sortKey: services.clock.now().timeIntervalSince1970)
        services.notifyWorkers()
    }

    /// Queues the detail and streams of every activity still without them (after a reconnection,
    /// or when the athlete asks). Returns how many.
    @discardableResult
    func enqueueUnenriched(userID: UUID) async throws -> Int {
        let activities = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$source == "strava").filter(\.$enrichedAt == nil).all()
        let items = activities.compactMap { activity in activity.stravaID.map { ($0, activity.startDate.timeIntervalSince1970) } }
        try await enqueueEnrichment(userID: userID, items)
        services.notifyWorkers()
        return items.count
    }

    /// Fetches the page at the cursor, stores its activities and queues their enrichment.
    /// Returns whether more pages follow.
    func runPage(_ connection: StravaConnection, use: StravaQuota.Use) async throws -> Bool {
        guard ["running", "waiting"].contains(connection.syncStatus) else { return false }
        let userID = connection.$user.id
        // The gear list with the first page of a whole-history sync (the first connection, or
        // "everything"): the later, incremental ones learn new gear from the activities' detail.
        if connection.syncPage == 1, connection.syncAfter == nil, connection.scopeList.contains("profile:read_all") {
            try await importGearList(connection, use: use)
        }
        let page = try await services.api(for: connection, use: use)
            .activities(after: connection.syncAfter, before: connection.syncBefore, page: connection.syncPage)
        let store = services.store(userID: userID)
        var toEnrich: [(stravaID: Int64, sortKey: Double)] = []
        for payload in page {
            do {
                switch try await store.upsert(payload) {
                case .created(let activity), .updated(let activity):
                    if activity.enrichedAt == nil { toEnrich.append((payload.id, activity.startDate.timeIntervalSince1970)) }
                case .linkedToFile:
                    break
                }
            } catch let error as StravaAPIError {
                services.logger.warning("skipped a Strava activity", metadata: ["strava_id": "\(payload.id)", "error": "\(error)"])
            }
        }
        try await enqueueEnrichment(userID: userID, toEnrich)
        connection.syncStatus = "running"
        connection.lastError = nil
        connection.syncFetched += page.count
        // A short page is the last one: no read is spent on the empty page after it.
        let more = page.count >= StravaAthleteAPI.pageSize
        if more {
            connection.syncPage += 1
        } else {
            connection.syncStatus = "done"
            connection.syncFinishedAt = services.clock.now()
        }
        try await connection.save(on: services.database)
        return more
    }

    /// The athlete's bikes and shoes, named and with their retirement, before the activities that
    /// use them (one read). A payload we cannot read costs the gear, not the sync.
    private func importGearList(_ connection: StravaConnection, use: StravaQuota.Use) async throws {
        let athlete: StravaAthletePayload
        do {
            athlete = try await services.api(for: connection, use: use).athleteGear()
        } catch StravaAPIError.invalidResponse(let reason) {
            services.logger.warning("Strava's gear list was not readable", metadata: ["reason": .string(reason)])
            return
        }
        let gear = GearAssignment(database: services.database, userID: connection.$user.id, clock: services.clock)
        for (items, kind) in [(athlete.bikes ?? [], "bike"), (athlete.shoes ?? [], "shoes")] {
            for item in items.prefix(GearService.maxGear) {
                guard let id = item.id, !id.isEmpty else { continue }
                _ = try await gear.strava(id: id, name: item.name, kind: kind, retired: item.retired)
            }
        }
    }
}

import Fluent
import Foundation
import SQLKit
import Vapor

/// The persistent queue of Strava work, safe with several worker processes on one database.
///
/// A claim is one `UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING`: on PostgreSQL the
/// inner select takes `FOR UPDATE SKIP LOCKED`, so concurrent workers pick different jobs; on
/// SQLite the statement runs alone. Order: priority, then users in turn (the one served longest
/// ago first, so a new user's first job is not stuck behind another's ten thousand), then newer
/// activities first. A lease that runs out makes a crashed worker's job claimable again. Two
/// jobs of one activity (a webhook's fetch and the sync's enrichment) never run at once.
struct StravaJobQueue {
    let database: any Database
    let clock: any AppClock
    let postgres: Bool
    static let maxAttempts = 3
    /// Short, and renewed while the job runs (`renew`): a killed worker's job, a long history
    /// sync included, is claimable again a minute later.
    static let lease: TimeInterval = 60

    init(database: any Database, clock: any AppClock, postgres: Bool) {
        self.database = database
        self.clock = clock
        self.postgres = postgres
    }

    init(application: Application, database: (any Database)? = nil) {
        self.init(database: database ?? application.db, clock: application.clock,
                  postgres: application.settings.database.kind == "postgres")
    }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "queue needs SQL") }
            return sql
        }
    }

    /// Adds a job unless the same one is already waiting or running; returns whether it was added.
    /// A waiting job asked for again with a higher priority is moved up.
    @discardableResult
    func enqueue(userID: UUID, kind: StravaJob.Kind, stravaID: Int64 = 0, priority: Int, sortKey: Double = 0,
                 runAfter: Date? = nil) async throws -> Bool {
        let now = clock.now().timeIntervalSince1970
        struct Inserted: Decodable { var id: UUID }
        let inserted = try await sql.raw("""
            INSERT INTO strava_jobs (id, user_id, kind, strava_id, priority, status, attempts, run_after, sort_key, created_at)
            VALUES (\(bind: UUID()), \(bind: userID), \(bind: kind.rawValue), \(bind: stravaID), \(bind: priority), 'pending', 0,
                    \(bind: runAfter?.timeIntervalSince1970 ?? now), \(bind: sortKey), \(bind: now))
            ON CONFLICT DO NOTHING RETURNING id
            """).all(decoding: Inserted.self)
        if inserted.isEmpty {
            try await sql.raw("""
                UPDATE strava_jobs SET priority = \(bind: priority), run_after = \(bind: now)
                WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue) AND strava_id = \(bind: stravaID)
                AND status = 'pending' AND priority < \(bind: priority)
                """).run()
        }
        return !inserted.isEmpty
    }

    /// Enqueues many jobs of one user in one statement per chunk (a history of thousands).
    func enqueueMany(userID: UUID, kind: StravaJob.Kind, items: [(stravaID: Int64, sortKey: Double, priority: Int)]) async throws {
        let now = clock.now().timeIntervalSince1970
        for start in stride(from: 0, to: items.count, by: 200) {
            let chunk = items[start..<min(items.count, start + 200)]
            let rows: [SQLQueryString] = chunk.map { item in
                "(\(bind: UUID()), \(bind: userID), \(bind: kind.rawValue), \(bind: item.stravaID), \(bind: item.priority), 'pending', 0, \(bind: now), \(bind: item.sortKey), \(bind: now))"
            }
            let query: SQLQueryString = "INSERT INTO strava_jobs (id, user_id, kind, strava_id, priority, status, attempts, run_after, sort_key, created_at) VALUES "
                + rows.joined(separator: ", ") + " ON CONFLICT DO NOTHING"
            try await sql.raw(query).run()
        }
    }

    struct Claimed: Decodable, Sendable {
        var id: UUID
        var userID: UUID
        var kind: String
        var stravaID: Int64
        var priority: Int
        var attempts: Int

        enum CodingKeys: String, CodingKey {
            case id, kind, priority, attempts
            case userID = "user_id"
            case stravaID = "strava_id"
        }

        var jobKind: StravaJob.Kind? { StravaJob.Kind(rawValue: kind) }
    }

    /// Takes the next job for `worker`, or nil when none is due. `minimumPriority` limits the
    /// claim to urgent work (when only the interactive share of the quota is left).
    func claim(worker: String, minimumPriority: Int = Int.min) async throws -> Claimed? {
        let now = clock.now().timeIntervalSince1970
        let lock = postgres ? SQLQueryString(" FOR UPDATE OF j SKIP LOCKED") : SQLQueryString("")
        let claimed = try await sql.raw("""
            UPDATE strava_jobs SET status = 'running', attempts = attempts + 1, lease_until = \(bind: now + Self.lease),
                leased_by = \(bind: worker)
            WHERE id = (
                SELECT j.id FROM strava_jobs j LEFT JOIN strava_connections c ON c.user_id = j.user_id
                WHERE ((j.status = 'pending' AND j.run_after <= \(bind: now)) OR (j.status = 'running' AND j.lease_until < \(bind: now)))
                  AND j.priority >= \(bind: minimumPriority)
                  AND (j.strava_id = 0 OR NOT EXISTS (
                      SELECT 1 FROM strava_jobs r WHERE r.user_id = j.user_id AND r.strava_id = j.strava_id
                      AND r.status = 'running' AND r.lease_until >= \(bind: now) AND r.id <> j.id))
                ORDER BY j.priority DESC, COALESCE(c.last_served_at, 0) ASC, j.sort_key DESC, j.created_at ASC
                LIMIT 1\(lock)
            ) AND (status = 'pending' OR lease_until < \(bind: now))
            RETURNING id, user_id, kind, strava_id, priority, attempts
            """).all(decoding: Claimed.self)
        guard let job = claimed.first else { return nil }
        // The user's turn is taken: they go to the back of the line. A serving number rather than
        // a time, so two claims in the same instant still order users.
        try await sql.raw("""
            UPDATE strava_connections SET last_served_at = (SELECT COALESCE(MAX(last_served_at), 0) + 1 FROM strava_connections)
            WHERE user_id = \(bind: job.userID)
            """).run()
        return job
    }

    /// The worker still works on the job: its lease runs a full period from now.
    func renew(_ job: Claimed, worker: String) async throws {
        try await sql.raw("""
            UPDATE strava_jobs SET lease_until = \(bind: clock.now().timeIntervalSince1970 + Self.lease)
            WHERE id = \(bind: job.id) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    /// The job is finished (only by the worker that holds it).
    func complete(_ job: Claimed, worker: String) async throws {
        try await sql.raw("""
            UPDATE strava_jobs SET status = 'done', finished_at = \(bind: clock.now().timeIntervalSince1970), lease_until = NULL,
                last_error = NULL
            WHERE id = \(bind: job.id) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    /// A sync page done with more to come: the same job waits again for its turn (a newcomer's
    /// first page was urgent, the rest of their history is not).
    func continueLater(_ job: Claimed, worker: String) async throws {
        try await sql.raw("""
            UPDATE strava_jobs SET status = 'pending', attempts = 0, lease_until = NULL, leased_by = NULL,
                priority = \(bind: min(job.priority, StravaJob.Priority.sync)),
                run_after = \(bind: clock.now().timeIntervalSince1970)
            WHERE id = \(bind: job.id) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    /// Gives the job back without counting the attempt (the quota ran out, or the worker stops).
    func release(_ job: Claimed, worker: String, until: Date?) async throws {
        try await sql.raw("""
            UPDATE strava_jobs SET status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                lease_until = NULL, leased_by = NULL, run_after = \(bind: (until ?? clock.now()).timeIntervalSince1970)
            WHERE id = \(bind: job.id) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    /// Gives back every job `worker` holds (it is stopping and cannot finish them).
    func releaseAll(worker: String) async throws {
        try await sql.raw("""
            UPDATE strava_jobs SET status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                lease_until = NULL, leased_by = NULL, run_after = \(bind: clock.now().timeIntervalSince1970)
            WHERE leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    /// A failed attempt: retried with exponential backoff (30 s, 2 min, ...) until the last
    /// attempt; the last error is kept. `permanent` failures are not retried. A sync (the
    /// athlete's history list) is never given up for a passing fault: it is tried again at least
    /// once per rate window until Strava answers. Returns whether the job will be tried again.
    @discardableResult
    func fail(_ job: Claimed, worker: String, error: String, permanent: Bool) async throws -> Bool {
        let now = clock.now().timeIntervalSince1970
        let isSync = job.jobKind == .sync
        let final = permanent || (job.attempts >= Self.maxAttempts && !isSync)
        let backoff = min(30 * pow(4, Double(min(10, max(0, job.attempts - 1)))), isSync ? 900 : .infinity)
        try await sql.raw("""
            UPDATE strava_jobs SET status = \(bind: final ? "failed" : "pending"), lease_until = NULL, leased_by = NULL,
                last_error = \(bind: String(error.prefix(500))), run_after = \(bind: now + backoff),
                finished_at = \(bind: final ? now : nil as Double?)
            WHERE id = \(bind: job.id) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
        return !final
    }

    /// Removes every job of a user (disconnection, deauthorization, account deletion).
    func removeAll(userID: UUID) async throws {
        try await StravaJob.query(on: database).filter(\.$user.$id == userID).delete()
    }

    /// Forgets finished jobs older than a week.
    func pruneFinished() async throws {
        let cutoff = clock.now().addingTimeInterval(-7 * 86_400).timeIntervalSince1970
        try await StravaJob.query(on: database).filter(\.$status ~~ [.done, .failed]).filter(\.$finishedAt < cutoff).delete()
    }
}

import Fluent
import Foundation
import SQLKit

/// Where a user stands in the shared queue and how long it should take, from the order the
/// workers follow (priority, then users in turn) and the pace the quota allows.
struct StravaQueueEstimate {
    let services: StravaServices
    /// Reads per job on average (detail + streams).
    static let readsPerJob = 2.0

    /// Reads per second the background may spend in the long run: the tighter of the 15-minute
    /// and daily budgets, after the interactive reserve.
    func pace() async throws -> Double {
        let snapshot = try await services.quota.snapshot()
        func budget(_ period: String) -> Double {
            let read = snapshot.windows.first { $0.kind == "read" && $0.period == period }
            return Double((read?.limit ?? 0) - (read?.reservedForInteractive ?? 0))
        }
        return max(0.0001, min(budget("15min") / 900, budget("daily") / 86_400))
    }

    func estimate(userID: UUID) async throws -> StravaQueueResponse {
        guard let sql = services.database as? any SQLDatabase else { return StravaQueueResponse(pending: 0, running: 0, failed: 0) }
        struct Count: Decodable { var status: String; var count: Int }
        let counts = try await sql.raw("""
            SELECT status, COUNT(*) AS count FROM strava_jobs WHERE user_id = \(bind: userID) GROUP BY status
            """).all(decoding: Count.self)
        func count(_ status: String) -> Int { counts.first { $0.status == status }?.count ?? 0 }
        let lastError = try await StravaJob.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$status == .failed).sort(\.$finishedAt, .descending).first()?.lastError
        var response = StravaQueueResponse(pending: count("pending"), running: count("running"), failed: count("failed"), lastError: lastError)
        struct Next: Decodable { var priority: Int }
        guard let next = try await sql.raw("""
            SELECT priority FROM strava_jobs WHERE user_id = \(bind: userID) AND status = 'pending'
            ORDER BY priority DESC LIMIT 1
            """).first(decoding: Next.self) else { return response }
        let mine = try await StravaConnection.query(on: services.database).filter(\.$user.$id == userID).first()?.lastServedAt ?? 0
        struct Ahead: Decodable { var count: Int }
        // Everything more urgent, plus one turn of each user served before me at my priority.
        let higher = try await sql.raw("""
            SELECT COUNT(*) AS count FROM strava_jobs WHERE status = 'pending' AND priority > \(bind: next.priority)
            """).first(decoding: Ahead.self)?.count ?? 0
        let turns = try await sql.raw("""
            SELECT COUNT(DISTINCT j.user_id) AS count FROM strava_jobs j LEFT JOIN strava_connections c ON c.user_id = j.user_id
            WHERE j.status = 'pending' AND j.priority = \(bind: next.priority) AND j.user_id <> \(bind: userID)
              AND COALESCE(c.last_served_at, 0) < \(bind: mine)
            """).first(decoding: Ahead.self)?.count ?? 0
        let position = higher + turns
        let pace = try await pace()
        var delay = 0.0
        // The next job needs a whole activity's reads, not one.
        if let reset = try await services.quota.nextAvailable(for: .background, units: StravaJobProcessor.readsPerActivity) {
            delay = max(0, reset.timeIntervalSince(services.clock.now()))
        }
        // Users in turn: my n-th job waits for n turns of every other user with work.
        let others = try await sql.raw("""
            SELECT COUNT(DISTINCT user_id) AS count FROM strava_jobs WHERE status = 'pending' AND user_id <> \(bind: userID)
            """).first(decoding: Ahead.self)?.count ?? 0
        response.position = position
        response.estimatedWaitSeconds = delay + Double(position) * Self.readsPerJob / pace
        response.estimatedCompletionSeconds = delay + Double(response.pending * (1 + others)) * Self.readsPerJob / pace
        return response
    }
}

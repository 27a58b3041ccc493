import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// What an operator needs to see of the background work at each scrape: the Strava quota
/// (the whole design turns on it), the Strava queue, the file imports, and what this process's
/// worker has done. Read from the database, so every instance reports the shared figures.
enum WorkMetrics {
    static func register(_ app: Application) {
        app.metrics.addScrapeHook { [weak app] in
            guard let app else { return }
            await refresh(app)
        }
    }

    static func refresh(_ app: Application) async {
        let registry = app.metrics.registry
        guard let sql = app.db as? any SQLDatabase else { return }
        struct Count: Decodable { var kind: String; var status: String; var count: Int }
        if let imports = try? await sql.raw("SELECT 'import' AS kind, status, COUNT(*) AS count FROM import_jobs GROUP BY status")
            .all(decoding: Count.self) {
            for status in ["queued", "running", "done", "failed"] {
                gauge(registry, "athletiq_import_jobs", "File import jobs by status", [("status", status)])
                    .set(Double(imports.first { $0.status == status }?.count ?? 0))
            }
        }
        guard let services = StravaServices(application: app) else { return }
        if let jobs = try? await sql.raw("SELECT kind, status, COUNT(*) AS count FROM strava_jobs GROUP BY kind, status")
            .all(decoding: Count.self) {
            for kind in StravaJob.Kind.allCases.map(\.rawValue) {
                for status in ["pending", "running", "done", "failed"] {
                    gauge(registry, "athletiq_strava_jobs", "Strava jobs by kind and status", [("kind", kind), ("status", status)])
                        .set(Double(jobs.first { $0.kind == kind && $0.status == status }?.count ?? 0))
                }
            }
        }
        if let snapshot = try? await services.quota.snapshot() {
            for window in snapshot.windows {
                let labels = [("kind", window.kind), ("period", window.period)]
                gauge(registry, "athletiq_strava_quota_used", "Strava requests used in the current window", labels).set(Double(window.used))
                gauge(registry, "athletiq_strava_quota_limit", "Strava's limit for the window", labels).set(Double(window.limit))
            }
            let blocked = snapshot.blockedUntil.map { max(0, $0.timeIntervalSince(app.clock.now())) } ?? 0
            gauge(registry, "athletiq_strava_blocked_seconds", "Seconds until calls resume after a 429 (0: not blocked)", []).set(blocked)
        }
        for (kind, count) in app.stravaWorkerStats.snapshot {
            gauge(registry, "athletiq_strava_worker_jobs", "Jobs handled by this process's worker since it started", [("kind", kind)])
                .set(Double(count))
        }
    }

    private static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String, _ help: String,
                              _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: .init(namespace: nil, subsystem: nil, metricName: name, unitName: "", helpText: help),
                           labels: labels)
    }
}

import Vapor

/// `athletiq worker`: runs the Strava queue without serving HTTP, until SIGTERM/SIGINT; jobs in
/// progress are handed back to the queue on the way out. Run several on one PostgreSQL.
struct WorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "concurrency", short: "c", help: "Jobs at once (default STRAVA_WORKER_CONCURRENCY or 2).")
        var concurrency: Int?
    }

    var help: String { "Runs the Strava sync worker (no HTTP) until stopped." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let strava = app.settings.strava else {
            throw CommandFailure("Strava is not configured: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET")
        }
        let pending = try await AppMigrations.pending(on: app.db)
        guard pending.isEmpty else {
            throw CommandFailure("the database needs migrations first (athletiq migrate): \(pending.joined(separator: ", "))")
        }
        app.stravaWorker.start(concurrency: signature.concurrency ?? strava.workerConcurrency)
        await TerminationSignal.wait()
        app.logger.notice("Strava worker stopping: jobs in progress go back to the queue")
        await app.stravaWorker.stop()
    }
}

import Fluent
import Vapor

/// `athletiq serve`: applies pending migrations (unless `--no-migrate` or `AUTO_MIGRATE=false`),
/// says where the data lives, then serves HTTP until SIGTERM/SIGINT.
struct ServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default: HOST or 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port to listen on (default: PORT or 8080).")
        var port: Int?

        @Flag(name: "no-migrate", help: "Do not apply pending migrations at start-up.")
        var noMigrate: Bool
    }

    var help: String { "Serves the web app and the API (applies pending migrations first)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let settings = app.settings
        if settings.autoMigrate && !signature.noMigrate {
            try await app.autoMigrate()
        } else {
            let pending = try await AppMigrations.pending(on: app.db)
            if !pending.isEmpty {
                app.logger.warning("migrations pending; run `athletiq migrate`", metadata: ["pending": .string(pending.joined(separator: ","))])
            }
        }
        app.logger.notice("athletIQ \(AppVersion.current) starting", metadata: [
            "environment": .string(settings.environment.rawValue),
            "database": .string(DatabaseSetup.describe(settings)),
            "data_dir": .string(URL(fileURLWithPath: settings.dataDirectory).standardizedFileURL.path),
            "public_url": .string(settings.http.publicURL),
        ])
        await app.importJobs.resumeInterrupted()
        AnalysisUpgrade.runIfNeeded(app)
        if let strava = settings.strava, strava.embeddedWorker {
            app.stravaWorker.start(concurrency: strava.workerConcurrency)
        }
        var arguments = ["serve"]
        if let hostname = signature.hostname { arguments += ["--hostname", hostname] }
        if let port = signature.port { arguments += ["--port", String(port)] }
        var serveContext = context
        serveContext.input = CommandInput(arguments: arguments)
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}

import Foundation
import Logging
import Vapor

/// Starts athletIQ from the process environment: reads and validates the settings before
/// anything listens, installs logging, then runs the requested command.
public enum AppLauncher {
    public static func run(arguments: [String] = CommandLine.arguments) async throws {
        let loaded = SettingsLoader.load(environment: DotEnv.processEnvironment())
        let wantsHelp = arguments.contains("--help") || arguments.contains("-h")
        if !loaded.problems.isEmpty && (loaded.settings.isProduction || !wantsHelp) {
            FileHandle.standardError.write(Data((SettingsError(problems: loaded.problems).description + "\n").utf8))
            exit(1)
        }
        LoggingSetup.bootstrap(loaded.settings.logging)
        let logger = Logger(label: "athletiq")
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let vaporEnvironment = Environment(name: loaded.settings.environment.rawValue, arguments: arguments)
        let app = try await Application.make(vaporEnvironment)
        do {
            try await configure(app, settings: loaded.settings)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

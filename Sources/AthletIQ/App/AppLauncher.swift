import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

/// Starts athletIQ from the process environment: reads and validates the settings before
/// anything listens, installs logging, then runs the requested command.
public enum AppLauncher {
    /// Runs the command and returns the process exit status: 0, or 1 after a clear message.
    /// The process entry: runs the command and exits with its status.
    ///
    /// Swift concurrency is first handed to NIO's event loops (the option Vapor's template
    /// offers), so an async request handler runs on the thread that owns its connection instead
    /// of hopping to the concurrency pool and back: fewer context switches, a shorter latency
    /// tail. It must happen before any async code runs, hence a synchronous entry.
    public static func start() -> Never {
        NIOSingletons.groupLoopCountSuggestion = CPUAllowance.eventLoopCount()
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task { exit(await run()) }
        dispatchMain()
    }

    public static func run(arguments: [String] = CommandLine.arguments) async -> Int32 {
        let loaded = SettingsLoader.load(environment: DotEnv.processEnvironment())
        let wantsHelp = arguments.contains("--help") || arguments.contains("-h")
        if arguments.dropFirst().first == "doctor" && !wantsHelp {
            LoggingSetup.bootstrap(LoggingSettings(level: .error, format: .text, file: nil, fileMaxBytes: 0, fileKeep: 1), console: .standardError)
            return await Doctor.run(loaded: loaded, arguments: arguments)
        }
        if !loaded.problems.isEmpty && (loaded.settings.isProduction || !wantsHelp) {
            FileHandle.standardError.write(Data((SettingsError(problems: loaded.problems).description + "\n").utf8))
            exit(1)
        }
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        LoggingSetup.bootstrap(loaded.settings.logging, console: ["serve", "worker"].contains(command) ? .standardOutput : .standardError)
        let logger = Logger(label: "athletiq")
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let vaporEnvironment = Environment(name: loaded.settings.environment.rawValue, arguments: arguments)
        let app: Application
        do {
            app = try await Application.make(vaporEnvironment)
        } catch {
            FileHandle.standardError.write(Data("athletIQ could not start: \(error)\n".utf8))
            return 1
        }
        var status: Int32 = 0
        do {
            try await configure(app, settings: loaded.settings)
            try await app.execute()
            if command == "serve" {
                // SIGTERM/SIGINT: stop accepting and let requests in flight finish (bounded by the
                // server's shutdown timeout) before the lifecycle closes what they use (the
                // database pool, the worker). Vapor would otherwise stop the server last.
                await app.server.shutdown()
            }
        } catch is InspectFailure {
            status = 1
        } catch {
            FileHandle.standardError.write(Data("error: \(Self.describe(error))\n".utf8))
            status = 1
        }
        do { try await app.asyncShutdown() } catch { status = 1 }
        return status
    }

    private static func describe(_ error: any Error) -> String {
        if let failure = error as? CommandFailure { return failure.description }
        if let api = error as? APIError { return api.message }
        return String(describing: error)
    }
}

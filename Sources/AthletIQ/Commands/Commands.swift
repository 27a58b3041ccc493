import Vapor

/// The command-line interface: `athletiq <command>`; `athletiq --help` lists them.
enum Commands {
    static func register(on app: Application) {
        app.asyncCommands.use(ServeCommand(), as: "serve", isDefault: true)
        app.asyncCommands.use(UserCommands(), as: "user")
        app.asyncCommands.use(InspectCommand(), as: "inspect")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(BacktestCommand(), as: "backtest")
        app.asyncCommands.use(WorkerCommand(), as: "worker")
        app.asyncCommands.use(StravaCommands(), as: "strava")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(RestoreCommand(), as: "restore")
        app.asyncCommands.use(DoctorCommand(), as: "doctor")
    }
}

import Foundation
import Vapor

/// `athletiq backup [--output DIR]`: a consistent copy while the app runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", short: "o", help: "A new directory for the backup (default DATA_DIR/backups/athletiq-<time>).")
        var output: String?
    }

    var help: String { "Backs up the database and the stored files while the app runs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate, .withTime])
            .replacingOccurrences(of: ":", with: "")
        let path = signature.output ?? app.settings.dataDirectory + "/backups/athletiq-\(stamp)"
        do {
            let manifest = try await BackupService(application: app, logger: app.logger).backup(to: URL(fileURLWithPath: path))
            let rows = manifest.tables.values.reduce(0) { $0 + $1.rows }
            context.console.print("backup written to \(path): \(manifest.tables.count) tables, \(rows) rows")
        } catch let failure as BackupService.Failure {
            throw CommandFailure(failure.description)
        }
    }
}

/// `athletiq restore DIR [-y]`: brings a backup back and checks every table against it.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "backup", help: "The backup directory (made by athletiq backup).")
        var backup: String

        @Flag(name: "yes", short: "y", help: "Do not ask for confirmation.")
        var yes: Bool
    }

    var help: String { "Restores a backup over the current data (stop the servers first), then verifies every table." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if !signature.yes {
            guard context.console.confirm("This replaces every row of the database with the backup's. Continue?") else {
                throw CommandFailure("restore cancelled")
            }
        }
        let app = context.application
        do {
            let manifest = try await BackupService(application: app, logger: app.logger).restore(from: URL(fileURLWithPath: signature.backup))
            context.console.print("restored \(manifest.tables.count) tables from \(signature.backup) (made \(manifest.createdAt)); every table matches")
        } catch let failure as BackupService.Failure {
            throw CommandFailure(failure.description)
        }
    }
}

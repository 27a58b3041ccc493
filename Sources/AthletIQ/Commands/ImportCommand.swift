import AthletIQCore
import Fluent
import Foundation
import Vapor

/// `athletiq import --user EMAIL PATH...`: imports files, archives or a Strava export for a user
/// from the command line, with a progress bar.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "user", help: "Email of the account to import into.")
        var user: String?

        @Argument(name: "path", help: "A .fit/.gpx/.tcx file, a .gz, a .zip or a Strava export.")
        var path: String
    }

    var help: String { "Imports activity files (or a whole Strava export) for a user." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let user = try await UserCommands.find(signature.user, on: app.db)
        let url = URL(fileURLWithPath: signature.path)
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw CommandFailure("cannot read \(signature.path): \(error.localizedDescription)")
        }
        let total = max(1, ActivityFiles.estimatedFileCount(name: url.lastPathComponent, data: data))
        let started = Date()
        let console = context.console
        let importer = ActivityImporter(database: app.db, userID: try user.requireID(), logger: app.logger)
        let report = try await importer.importUpload(name: url.lastPathComponent, data: data) { done, report in
            ProgressBar.draw(done: done, total: total, imported: report.imported, failed: report.failed)
        }
        ProgressBar.finish()
        let seconds = Date().timeIntervalSince(started)
        console.print("\(report.imported) imported, \(report.duplicates) duplicates, \(report.failed) failed, \(report.skipped) skipped in \(String(format: "%.1f", seconds)) s")
        for outcome in report.files where outcome.status == .failed {
            console.print("  failed: \(outcome.path): \(outcome.message ?? outcome.code ?? "")")
        }
    }
}

/// A one-line progress bar on stderr.
enum ProgressBar {
    static func draw(done: Int, total: Int, imported: Int, failed: Int) {
        let fraction = min(1, Double(done) / Double(max(1, total)))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\(bar) \(done)/\(total) files · \(imported) imported · \(failed) failed"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

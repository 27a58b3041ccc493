@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct BackupTests {
    /// A little of everything: users, sessions, activities with samples and files, plans, a feed.
    static func populate(_ app: Application) async throws -> SignedInUser {
        let user = try await TestUsers.signUp(app)
        let userID = try #require(UUID(uuidString: user.id))
        let importer = ActivityImporter(database: app.db, userID: userID, logger: app.logger)
        for seed in 1...3 {
            let run = SyntheticActivity.make(seed: UInt64(seed), start: Date().addingTimeInterval(-Double(seed) * 86_400), seconds: 1200, sport: .run)
            _ = try await importer.importUpload(name: "run\(seed).fit", data: FITEncoder().encode(run))
        }
        _ = try await PlanImportService(database: app.db, userID: userID).importFile(try TestFiles.data("plans/coach-plan.tsv"), plan: "coach")
        _ = try await CalendarFeedService(database: app.db, cipher: TokenCipher(keys: app.settings.secrets.encryptionKeys), publicURL: "")
            .regenerate(userID: userID)
        return user
    }

    @Test func aBackupRestoresEveryTableExactly() async throws {
        try await withTestApp { app in
            _ = try await Self.populate(app)
            let postgres = TestDatabase.isPostgres
            let before = try await TableChecksums.all(app.db, postgres: postgres)
            #expect(before["activity_streams"]?.rows == 3)
            #expect(before["planned_workouts"]?.rows == 10)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-backup-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let service = BackupService(application: app, logger: app.logger)
            let manifest = try await service.backup(to: directory)
            #expect(manifest.tables == before)
            #expect(manifest.migrations.count == AppMigrations.all.count)
            // Life goes on: changes after the backup...
            let other = try await TestUsers.signUp(app)
            try await PlannedWorkout.query(on: app.db).filter(\.$date == "2026-12-01").delete()
            try await Activity.query(on: app.db).first()?.delete(on: app.db)
            #expect(try await TableChecksums.all(app.db, postgres: postgres) != before)
            // ...are undone by the restore, which proves every table matches.
            _ = try await service.restore(from: directory)
            #expect(try await TableChecksums.all(app.db, postgres: postgres) == before)
            #expect(try await User.query(on: app.db).filter(\.$email == other.email).first() == nil)
            // A backup directory is never overwritten, and a damaged one is refused.
            await #expect(throws: BackupService.Failure.self) { try await service.backup(to: directory) }
            try Data("{}".utf8).write(to: directory.appendingPathComponent("manifest.json"))
            await #expect(throws: BackupService.Failure.self) { try await service.restore(from: directory) }
        }
    }

    @Test func theBackupIsConsistentWhileWritesGoOn() async throws {
        try await withTestApp { app in
            let user = try await Self.populate(app)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-backup-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            // Sessions are written while the backup runs; the manifest still describes its copy.
            let writer = Task {
                for _ in 0..<10 { _ = try? await TestUsers.login(app, email: user.email, password: user.password) }
            }
            let manifest = try await BackupService(application: app, logger: app.logger).backup(to: directory)
            await writer.value
            _ = try await BackupService(application: app, logger: app.logger).restore(from: directory)
            #expect(try await TableChecksums.all(app.db, postgres: TestDatabase.isPostgres) == manifest.tables)
        }
    }
}

@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor

/// Two instances share the database and the upload directory: each import runs once, a live one
/// is never run again by the other instance, and a dead instance's import is taken over.
@Suite struct ImportJobLeaseTests {
    @Test func anImportRunsOnceAcrossInstancesAndIsTakenOverWhenItsInstanceDies() async throws {
        try await withTestApps(count: 2) { apps in
            let (first, second) = (apps[0], apps[1])
            let user = try await TestUsers.signUp(first)
            let userID = try #require(UUID(uuidString: user.id))
            let run = SyntheticActivity.make(seed: 41, start: Date().addingTimeInterval(-86_400), seconds: 1800, sport: .run)
            let jobID = UUID()
            let upload = ImportJobRunner.uploadsDirectory(first.settings) + "/\(jobID.uuidString).d"
            try FileManager.default.createDirectory(atPath: upload, withIntermediateDirectories: true)
            try FITEncoder().encode(run).write(to: URL(fileURLWithPath: upload + "/0_run.fit"))
            // An import the first instance is running (its lease is fresh).
            let job = ImportJob()
            job.id = jobID
            job.$user.id = userID
            job.filename = "run.fit"
            job.status = "running"
            job.total = 1; job.processed = 0; job.imported = 0; job.duplicates = 0; job.failedCount = 0
            job.uploadPath = upload
            job.leasedBy = first.importJobs.name
            job.leaseUntil = Date().timeIntervalSince1970 + ImportJobRunner.lease
            try await job.create(on: first.db)

            // The second instance starts: it leaves the live import alone.
            await second.importJobs.resumeInterrupted()
            await second.importJobs.waitForAll()
            var stored = try #require(try await ImportJob.find(jobID, on: second.db))
            #expect(stored.status == "running")
            #expect(stored.leasedBy == first.importJobs.name)
            #expect(try await Activity.query(on: second.db).count() == 0)

            // The first instance dies; once its lease has run out, both instances look again
            // at the same time: one of them runs the import, once.
            let later = ManualClock(Date().addingTimeInterval(ImportJobRunner.lease + 5))
            first.clock = later
            second.clock = later
            async let a: Void = first.importJobs.resumeInterrupted()
            async let b: Void = second.importJobs.resumeInterrupted()
            _ = await (a, b)
            await first.importJobs.waitForAll()
            await second.importJobs.waitForAll()
            stored = try #require(try await ImportJob.find(jobID, on: second.db))
            #expect(stored.status == "done")
            #expect(stored.imported == 1)
            #expect(stored.duplicates == 0)
            #expect(try await Activity.query(on: second.db).count() == 1)
        }
    }
}

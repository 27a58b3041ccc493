@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor

/// The default deployment: SQLite in a file and two worker lanes. Jobs must never fail, or wait,
/// because the app's own writers met each other.
@Suite struct StravaSQLiteConcurrencyTests {
    @Test func eachSQLiteDatabaseHasItsOwnWriteGate() async throws {
        guard !TestDatabase.isPostgres else { return }
        try await withTestApp { first in
            try await withTestApp { second in
                #expect(SQLiteWriteGate.for(first.db) === SQLiteWriteGate.for(first.db))
                #expect(SQLiteWriteGate.for(first.db) !== SQLiteWriteGate.for(second.db))
            }
        }
    }

    @Test func twoLanesEnrichEverythingWithoutALockErrorWhileUploadsAndPagesRun() async throws {
        guard !TestDatabase.isPostgres else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-lanes-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let count = 250
        try await StravaHarness.run(["DATABASE_URL": "sqlite://" + file, "STRAVA_READ_LIMIT": "5000,50000",
                                     "STRAVA_OVERALL_LIMIT": "10000,100000"], configure: { configuration in
            configuration.readLimit = StravaLimitPair(short: 5000, daily: 50000)
            configuration.overallLimit = StravaLimitPair(short: 10000, daily: 100000)
        }) { harness in
            let athlete = try await TestUsers.signUp(harness.app)
            let uploader = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 904)
            harness.simulator.addHistory(athleteID: 904, count: count, newest: StravaHarness.start.addingTimeInterval(-3600))
            harness.app.stravaWorker.start(concurrency: 2)
            try await harness.connect(athlete, athleteID: 904)

            // Meanwhile another athlete uploads files and both browse their pages.
            let (enriched, statuses) = try await withPatientClient { client in
                let traffic = Task {
                    var statuses: [UInt] = []
                    for seed in 0..<12 {
                        let run = SyntheticActivity.make(seed: UInt64(100 + seed), start: StravaHarness.start.addingTimeInterval(-Double(seed + 1) * 86_400),
                                                         seconds: 900, sport: .run)
                        var upload = uploader.bearer
                        upload.add(name: "X-Filename", value: "run\(seed).fit")
                        upload.add(name: .contentType, value: "application/octet-stream")
                        statuses.append(try await client.status(.POST, harness.appURL + "/api/v1/activities/upload", headers: upload,
                                                                body: ByteBuffer(bytes: FITEncoder().encode(run))))
                        for path in ["/api/v1/activities?page=1", "/api/v1/analytics/fitness", "/api/v1/auth/me"] {
                            statuses.append(try await client.status(.GET, harness.appURL + path, headers: athlete.bearer))
                        }
                    }
                    return statuses
                }
                var enriched = 0
                for _ in 0..<3000 {
                    enriched = try await harness.activities(athlete).filter { $0.enrichedAt != nil }.count
                    if enriched == count { break }
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                // Waited for even when the loop above threw: the client must outlive its requests.
                let statuses = await (try? traffic.value) ?? []
                return (enriched, statuses)
            }
            await harness.app.stravaWorker.stop()

            #expect(enriched == count)
            #expect(statuses.count == 48 && statuses.allSatisfy { $0 < 300 }, "uploads and pages: \(Set(statuses)), \(statuses.count)")
            let jobs = try await StravaJob.query(on: harness.app.db).all()
            #expect(jobs.filter { $0.status == .failed }.isEmpty)
            #expect(jobs.compactMap(\.lastError).isEmpty, "\(Set(jobs.compactMap(\.lastError)))")
            #expect(harness.app.stravaWorkerStats.snapshot[StravaWorkerStats.databaseBusy] == nil)
            #expect(try await Activity.query(on: harness.app.db).filter(\.$user.$id == UUID(uuidString: uploader.id)!).count() == 12)
        }
    }
}

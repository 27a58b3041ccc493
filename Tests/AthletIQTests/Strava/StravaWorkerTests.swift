@testable import AthletIQ
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor

@Suite struct StravaWorkerTests {
    @Test func aWorkerThatDiesMidJobLosesNothingAndDuplicatesNothing() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 901)
            harness.simulator.addHistory(athleteID: 901, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 901)
            // The sync page is taken by a worker that dies before finishing it.
            let queue = try harness.services.queue
            let orphan = try #require(try await queue.claim(worker: "dead-worker"))
            #expect(orphan.jobKind == .sync)
            #expect(await harness.drain() == 0)
            // Its lease runs out: another worker takes the job over and does it once.
            harness.clock.advance(by: StravaJobQueue.lease + 1)
            await harness.drain()
            let activities = try await harness.activities(user)
            #expect(activities.count == 3)
            #expect(activities.allSatisfy { $0.enrichedAt != nil })
            #expect(Set(activities.compactMap(\.stravaID)).count == 3)
            #expect(try await ActivityStream.query(on: harness.app.db).count() == 3)
            // The dead worker's late completion changes nothing.
            try await queue.complete(orphan, worker: "dead-worker")
            #expect(try await StravaJob.query(on: harness.app.db).filter(\.$status == .done).count() == 4)
        }
    }

    @Test func stoppingAWorkerHandsItsJobBack() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 902)
            harness.simulator.addHistory(athleteID: 902, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 902)
            var faults = SimulatedFaults()
            faults.slowRequests = 1
            faults.slowSeconds = 2
            harness.simulator.setFaults(faults)
            let worker = StravaWorker(application: harness.app)
            worker.start(concurrency: 1)
            // Wait until the sync page is in flight, then stop (as SIGTERM does).
            for _ in 0..<100 {
                if try await StravaJob.query(on: harness.app.db).filter(\.$status == .running).count() > 0 { break }
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            await worker.stop()
            let job = try #require(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .sync).first())
            #expect(job.status == .pending)
            #expect(job.attempts == 0)
            #expect(job.leasedBy == nil)
            await harness.drain()
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 2)
        }
    }

    @Test func theEmbeddedWorkerWakesWhenWorkArrives() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 903)
            harness.simulator.addHistory(athleteID: 903, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            harness.app.stravaWorker.start(concurrency: 2)
            try await harness.connect(user, athleteID: 903)
            // No polling interval to wait for: the connection's sync wakes the worker (the poll
            // comes only after StravaWorker.pollSeconds, later than this wait).
            var enriched = 0
            for _ in 0..<350 {
                enriched = try await harness.activities(user).filter { $0.enrichedAt != nil }.count
                if enriched == 2 { break }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            #expect(enriched == 2)
            await harness.app.stravaWorker.stop()
        }
    }
}

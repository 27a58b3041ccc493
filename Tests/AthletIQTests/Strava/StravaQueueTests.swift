@testable import AthletIQ
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@Suite struct StravaQueueTests {
    /// A connection row is what the queue's round-robin reads; no Strava needed here.
    static func connect(_ app: Application, _ user: SignedInUser, athleteID: Int64) async throws {
        let connection = StravaConnection()
        connection.$user.id = UUID(uuidString: user.id)!
        connection.athleteID = athleteID
        connection.scopes = "read,activity:read_all"
        connection.accessTokenSealed = "x"
        connection.refreshTokenSealed = "x"
        connection.expiresAt = 0
        connection.status = "active"
        connection.syncStatus = "idle"
        connection.syncPage = 1
        connection.syncFetched = 0
        try await connection.create(on: app.db)
    }

    @Test func aNewUsersFirstJobIsNotStuckBehindAnotherUsersBacklog() async throws {
        try await withTestApp { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let queue = StravaJobQueue(application: app)
            let busy = try await TestUsers.signUp(app), newcomer = try await TestUsers.signUp(app), third = try await TestUsers.signUp(app)
            for (index, user) in [busy, newcomer, third].enumerated() { try await Self.connect(app, user, athleteID: Int64(800 + index)) }
            try await queue.enqueueMany(userID: UUID(uuidString: busy.id)!, kind: .enrich,
                                        items: (1...300).map { (Int64($0), Double($0), StravaJob.Priority.backfill) })
            // The busy user has been served a while already.
            for _ in 0..<5 {
                let job = try #require(try await queue.claim(worker: "w"))
                try await queue.complete(job, worker: "w")
                clock.advance(by: 1)
            }
            try await queue.enqueue(userID: UUID(uuidString: newcomer.id)!, kind: .enrich, stravaID: 9001, priority: StravaJob.Priority.backfill)
            try await queue.enqueue(userID: UUID(uuidString: third.id)!, kind: .enrich, stravaID: 9002, priority: StravaJob.Priority.backfill)
            var order: [Int64] = []
            for _ in 0..<4 {
                let job = try #require(try await queue.claim(worker: "w"))
                order.append(job.stravaID)
                try await queue.complete(job, worker: "w")
                clock.advance(by: 1)
            }
            // Users take turns: both newcomers within the next two claims; newest activities first.
            #expect(Set(order.prefix(2)) == [9001, 9002])
            #expect(order[2] == 295)
            // The user asks for one now: it jumps the queue.
            try await queue.enqueue(userID: UUID(uuidString: busy.id)!, kind: .enrich, stravaID: 3, priority: StravaJob.Priority.userRequested)
            #expect(try await queue.claim(worker: "w")?.stravaID == 3)
        }
    }

    @Test func aRenewedLeaseKeepsTheJobAndOnlyItsWorkerRenewsIt() async throws {
        try await withTestApp { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let queue = StravaJobQueue(application: app)
            let user = try await TestUsers.signUp(app)
            try await Self.connect(app, user, athleteID: 811)
            try await queue.enqueue(userID: UUID(uuidString: user.id)!, kind: .sync, priority: StravaJob.Priority.sync)
            let job = try #require(try await queue.claim(worker: "alive"))
            // A long sync: the worker renews its lease, so nobody else takes the job.
            for _ in 0..<3 {
                clock.advance(by: StravaJobQueue.lease - 5)
                try await queue.renew(job, worker: "alive")
                #expect(try await queue.claim(worker: "other") == nil)
            }
            // Another worker cannot renew it; once the holder stops renewing, it lapses.
            clock.advance(by: StravaJobQueue.lease - 5)
            try await queue.renew(job, worker: "other")
            clock.advance(by: 10)
            #expect(try await queue.claim(worker: "other")?.id == job.id)
        }
    }

    @Test func anExpiredLeaseIsClaimedAgainAndTheOldWorkerCannotFinishIt() async throws {
        try await withTestApp { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let queue = StravaJobQueue(application: app)
            let user = try await TestUsers.signUp(app)
            try await Self.connect(app, user, athleteID: 810)
            try await queue.enqueue(userID: UUID(uuidString: user.id)!, kind: .enrich, stravaID: 1, priority: 10)
            // Enqueueing the same job again is a no-op.
            #expect(try await queue.enqueue(userID: UUID(uuidString: user.id)!, kind: .enrich, stravaID: 1, priority: 10) == false)
            let first = try #require(try await queue.claim(worker: "crashed"))
            #expect(try await queue.claim(worker: "other") == nil)
            clock.advance(by: StravaJobQueue.lease + 1)
            let again = try #require(try await queue.claim(worker: "other"))
            #expect(again.id == first.id)
            #expect(again.attempts == 2)
            // The crashed worker comes back: its completion does not count.
            try await queue.complete(first, worker: "crashed")
            #expect(try await StravaJob.find(first.id, on: app.db)?.status == .running)
            try await queue.complete(again, worker: "other")
            #expect(try await StravaJob.find(first.id, on: app.db)?.status == .done)
        }
    }

    @Test func failuresRetryWithBackoffThenStopWithTheLastError() async throws {
        try await withTestApp { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let queue = StravaJobQueue(application: app)
            let user = try await TestUsers.signUp(app)
            try await Self.connect(app, user, athleteID: 820)
            try await queue.enqueue(userID: UUID(uuidString: user.id)!, kind: .enrich, stravaID: 1, priority: 10)
            var waits: [Double] = []
            for attempt in 1...3 {
                let job = try #require(try await queue.claim(worker: "w"))
                #expect(job.attempts == attempt)
                try await queue.fail(job, worker: "w", error: "boom \(attempt)", permanent: false)
                let row = try #require(try await StravaJob.find(job.id, on: app.db))
                waits.append(row.runAfter - clock.now().timeIntervalSince1970)
                #expect(try await queue.claim(worker: "w") == nil)
                clock.advance(by: 10_000)
            }
            let row = try #require(try await StravaJob.query(on: app.db).first())
            #expect(row.status == .failed)
            #expect(row.lastError == "boom 3")
            #expect(waits[0] == 30 && waits[1] == 120)
            // A quota release does not use up an attempt.
            try await queue.enqueue(userID: UUID(uuidString: user.id)!, kind: .enrich, stravaID: 2, priority: 10)
            let job = try #require(try await queue.claim(worker: "w"))
            try await queue.release(job, worker: "w", until: clock.now().addingTimeInterval(60))
            #expect(try await StravaJob.find(job.id, on: app.db)?.attempts == 0)
            #expect(try await queue.claim(worker: "w") == nil)
        }
    }

    @Test func twoInstancesNeverClaimTheSameJob() async throws {
        try await withTestApps(count: 2) { apps in
            let users = try await (0..<4).asyncMap { _ in try await TestUsers.signUp(apps[0]) }
            for (index, user) in users.enumerated() {
                try await Self.connect(apps[0], user, athleteID: Int64(830 + index))
                try await StravaJobQueue(application: apps[0]).enqueueMany(
                    userID: UUID(uuidString: user.id)!, kind: .enrich, items: (1...40).map { (Int64($0), Double($0), StravaJob.Priority.backfill) })
            }
            let claimed = NIOLockedValueBox<[UUID: Int]>([:])
            let running = NIOLockedValueBox<Set<UUID>>([])
            let overlaps = NIOLockedValueBox(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, app) in apps.enumerated() {
                    for lane in 0..<3 {
                        group.addTask {
                            let queue = StravaJobQueue(application: app)
                            let worker = "app\(index)-lane\(lane)"
                            while let job = try await Self.retryingBusy({ try await queue.claim(worker: worker) }) {
                                let fresh = running.withLockedValue { $0.insert(job.id).inserted }
                                if !fresh { overlaps.withLockedValue { $0 += 1 } }
                                claimed.withLockedValue { $0[job.id, default: 0] += 1 }
                                try await Task.sleep(nanoseconds: 1_000_000)
                                _ = running.withLockedValue { $0.remove(job.id) }
                                try await Self.retryingBusy { try await queue.complete(job, worker: worker) }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(overlaps.withLockedValue { $0 } == 0)
            let counts = claimed.withLockedValue { $0 }
            #expect(counts.count == 160)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(try await StravaJob.query(on: apps[0].db).filter(\.$status == .done).count() == 160)
        }
    }

    /// SQLite files shared by two instances answer "busy" under contention: try again.
    static func retryingBusy<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch where "\(error)".lowercased().contains("busy") || "\(error)".lowercased().contains("locked") {
                attempt += 1
                if attempt > 200 { throw error }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

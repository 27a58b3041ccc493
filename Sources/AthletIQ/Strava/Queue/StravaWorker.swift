import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Runs the Strava queue: claims jobs (one per lane), processes them, and sleeps when there is
/// nothing to do (until work arrives) or when the quota is spent (until its window resets).
/// Runs inside `athletiq serve` by default, or alone as `athletiq worker`.
final class StravaWorker: Sendable {
    let application: Application
    /// Names this worker in leases (host, process, random).
    let name: String
    private let lanes = NIOLockedValueBox<[Task<Void, Never>]>([])
    /// How often an idle worker looks for work queued by other processes.
    static let pollSeconds = 5.0

    init(application: Application) {
        self.application = application
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        name = "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(SecureToken.generate(bytes: 4))"
    }

    /// What one step found.
    enum Step: Equatable {
        case worked
        case idle
        /// The quota is spent: nothing can go out before this time.
        case quotaUntil(Date)
    }

    func start(concurrency: Int) {
        guard StravaServices(application: application) != nil else { return }
        application.logger.notice("Strava worker started", metadata: ["worker": .string(name), "lanes": "\(concurrency)"])
        let tasks = (0..<max(1, concurrency)).map { _ in
            Task.detached { [self] in await self.loop() }
        }
        lanes.withLockedValue { $0 += tasks }
    }

    /// Stops claiming; jobs in progress are given back to the queue (their lease is released),
    /// within `grace` seconds even if a call to Strava hangs.
    func stop(grace: Double = 8) async {
        let tasks = lanes.withLockedValue { tasks -> [Task<Void, Never>] in defer { tasks = [] }; return tasks }
        guard !tasks.isEmpty else { return }
        for task in tasks { task.cancel() }
        let finished = await Bounded.wait(seconds: grace) { for task in tasks { await task.value } }
        if !finished, let services = StravaServices(application: application) {
            try? await services.queue.releaseAll(worker: name)
            application.logger.warning("Strava worker stopped before its jobs finished; they went back to the queue")
        }
    }

    private func loop() async {
        let signal = application.stravaWorkerSignal
        var lastHousekeeping = Date.distantPast
        while !Task.isCancelled {
            if Date().timeIntervalSince(lastHousekeeping) > 30 {
                await housekeeping()
                lastHousekeeping = Date()
            }
            let seen = signal.generation
            switch await step() {
            case .worked:
                continue
            case .idle:
                await signal.wait(after: seen, seconds: Self.pollSeconds)
            case .quotaUntil(let date):
                // Wake at the reset, or earlier when someone asks for something urgent.
                let seconds = min(max(0.05, date.timeIntervalSince(application.clock.now())), 60)
                await signal.wait(after: seen, seconds: seconds)
            }
        }
    }

    /// Claims and processes at most one job.
    func step() async -> Step {
        guard let services = StravaServices(application: application) else { return .idle }
        let queue = services.queue
        do {
            // The most urgent kind of work the quota still allows, and the jobs it covers.
            var minimumPriority = Int.min
            if try await services.quota.nextAvailable(for: .backfill, units: StravaJobProcessor.readsPerActivity) != nil {
                minimumPriority = StravaJob.Priority.recent
                if let backgroundReset = try await services.quota.nextAvailable(for: .background, units: StravaJobProcessor.readsPerActivity) {
                    minimumPriority = StravaJob.Priority.newcomer
                    if let reset = try await services.quota.nextAvailable(for: .interactive, units: StravaJobProcessor.readsPerActivity) {
                        return .quotaUntil(reset)
                    }
                    guard let job = try await queue.claim(worker: name, minimumPriority: minimumPriority) else {
                        return .quotaUntil(backgroundReset)
                    }
                    await run(job, services: services)
                    return .worked
                }
            }
            guard let job = try await queue.claim(worker: name, minimumPriority: minimumPriority) else {
                if minimumPriority > Int.min,
                   let reset = try await services.quota.nextAvailable(for: .backfill, units: StravaJobProcessor.readsPerActivity) {
                    // Only paced backfill is waiting: sleep until the pace allows more.
                    let pendingBackfill = try await StravaJob.query(on: services.database).filter(\.$status == .pending)
                        .filter(\.$priority < StravaJob.Priority.recent).count() > 0
                    return pendingBackfill ? .quotaUntil(reset) : .idle
                }
                return .idle
            }
            await run(job, services: services)
            return .worked
        } catch {
            application.logger.error("Strava worker could not reach the queue", metadata: ["error": "\(error)"])
            return .quotaUntil(application.clock.now().addingTimeInterval(5))
        }
    }

    private func run(_ job: StravaJobQueue.Claimed, services: StravaServices) async {
        let queue = services.queue
        let logger = application.logger
        var metadata: Logger.Metadata = ["job_id": .string(job.id.uuidString), "kind": .string(job.kind),
                                         "strava_id": "\(job.stravaID)", "attempt": "\(job.attempts)"]
        // The lease is renewed while the job runs; if this process dies, it lapses within a minute.
        let worker = name
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(StravaJobQueue.lease / 3 * 1_000_000_000))
                guard !Task.isCancelled else { return }
                try? await queue.renew(job, worker: worker)
            }
        }
        defer { heartbeat.cancel() }
        do {
            switch try await StravaJobProcessor(services: services).process(job) {
            case .done: try await queue.complete(job, worker: name)
            case .more: try await queue.continueLater(job, worker: name)
            }
            application.stravaWorkerStats.record(job.kind)
        } catch let error as StravaAPIError {
            metadata["error"] = .string(error.description)
            switch error {
            case .quota(let reset):
                try? await queue.release(job, worker: name, until: reset)
            case .notFound:
                logger.info("Strava activity gone", metadata: metadata)
                try? await queue.complete(job, worker: name)
            case .unauthorized:
                logger.warning("Strava job stopped: authorization refused", metadata: metadata)
                await markReauthorize(job.userID, services: services, detail: error.description)
                _ = try? await queue.fail(job, worker: name, error: error.description, permanent: true)
                if job.jobKind == .sync {
                    await StravaSync(services: services).noteFailure(userID: job.userID, reason: error.description, retrying: false)
                }
            default:
                logger.warning("Strava job failed", metadata: metadata)
                let retrying = (try? await queue.fail(job, worker: name, error: error.description, permanent: !error.isTransient)) ?? true
                if job.jobKind == .sync {
                    await StravaSync(services: services).noteFailure(userID: job.userID, reason: error.description, retrying: retrying)
                }
            }
        } catch is CancellationError {
            try? await queue.release(job, worker: name, until: nil)
        } catch {
            if Task.isCancelled {
                try? await queue.release(job, worker: name, until: nil)
                return
            }
            metadata["error"] = .string(String(describing: error))
            if DatabaseContention.isContention(error) {
                // Our database was busy, not Strava: try again soon without spending an attempt.
                logger.warning("Strava job postponed: database busy", metadata: metadata)
                application.stravaWorkerStats.record(StravaWorkerStats.databaseBusy)
                try? await queue.release(job, worker: name, until: application.clock.now().addingTimeInterval(1))
                return
            }
            logger.error("Strava job failed", metadata: metadata)
            // The athlete sees words, the log has the detail.
            let reason = "an internal error (logged on the server); it will be tried again"
            let retrying = (try? await queue.fail(job, worker: name, error: reason, permanent: false)) ?? true
            if job.jobKind == .sync {
                await StravaSync(services: services).noteFailure(userID: job.userID, reason: reason, retrying: retrying)
            }
        }
    }

    private func markReauthorize(_ userID: UUID, services: StravaServices, detail: String) async {
        guard let connection = try? await services.connection(userID: userID), connection.status == "active" else { return }
        connection.status = "reauthorize"
        connection.lastError = detail
        try? await connection.save(on: services.database)
    }

    /// Webhook events left unprocessed (a crash between storing and processing), old counters
    /// and finished jobs.
    func housekeeping() async {
        guard let services = StravaServices(application: application) else { return }
        await StravaWebhookProcessor(services: services).processStale()
        await services.quota.pruneOldWindows()
        try? await services.queue.pruneFinished()
    }

    /// Processes jobs until none is due. When the quota is spent it sleeps on the app's clock
    /// until the reset (a simulation's clock jumps there) as long as the clock stays before
    /// `until`. For tests, simulations and `athletiq strava drain`.
    @discardableResult
    func runUntilIdle(until: Date? = nil, maximumJobs: Int = .max) async -> Int {
        var processed = 0
        while !Task.isCancelled, processed < maximumJobs {
            switch await step() {
            case .worked:
                processed += 1
            case .idle:
                return processed
            case .quotaUntil(let date):
                guard let until, date < until else { return processed }
                // Never spin on a reset that has already passed.
                let now = application.clock.now()
                try? await application.clock.sleep(until: date > now ? date : now.addingTimeInterval(1))
            }
        }
        return processed
    }
}

/// Jobs done by this process, by kind (for `/metrics` and the simulation's report).
final class StravaWorkerStats: Sendable {
    /// Jobs postponed because our own database was busy (not counted as attempts).
    static let databaseBusy = "postponed_database_busy"

    private let counts = NIOLockedValueBox<[String: Int]>([:])

    func record(_ kind: String) { counts.withLockedValue { $0[kind, default: 0] += 1 } }

    var snapshot: [String: Int] { counts.withLockedValue { $0 } }
}

extension Application {
    private struct WorkerKey: StorageKey { typealias Value = StravaWorker }
    private struct StatsKey: StorageKey { typealias Value = StravaWorkerStats }

    /// This process's worker (made by `configure`; started by `serve` or `worker`).
    var stravaWorker: StravaWorker {
        get { wired(WorkerKey.self) }
        set { storage[WorkerKey.self] = newValue }
    }

    var stravaWorkerStats: StravaWorkerStats {
        get { wired(StatsKey.self) }
        set { storage[StatsKey.self] = newValue }
    }
}

struct StravaWorkerLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.stravaWorker.stop()
    }
}

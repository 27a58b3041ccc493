import AthletIQCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Runs large imports in the background, saving progress and the report as it goes. Each job
/// is claimed with a lease renewed while it runs, so with instances sharing the database and the
/// upload directory one of them runs it, exactly once; interrupted jobs are taken over when the
/// lease has run out (at the next start, by any instance that can read the upload).
final class ImportJobRunner: Sendable {
    private let application: Application
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    /// This instance, as it signs its leases.
    let name: String

    /// Short, renewed every third of it while the job runs.
    static let lease: TimeInterval = 60

    init(application: Application) {
        self.application = application
        name = "\(ProcessInfo.processInfo.hostName.prefix(40))-\(ProcessInfo.processInfo.processIdentifier)-\(SecureToken.generate(bytes: 4))"
    }

    /// Where uploads wait for their job.
    static func uploadsDirectory(_ settings: Settings) -> String {
        settings.dataDirectory + "/imports"
    }

    /// Imports this instance runs at once; later ones wait (still `queued`) for a turn.
    static let concurrentJobs = 2
    private let turns = AsyncTurns(count: ImportJobRunner.concurrentJobs)

    /// Runs the job here. A small upload whose request waits for it (`waitsForTurn` false) does
    /// not queue behind large imports: the upload admission already bounds those.
    func start(jobID: UUID, userID: UUID, path: String, filename: String, waitsForTurn: Bool = true) {
        let application = self.application
        let turns: AsyncTurns? = waitsForTurn ? self.turns : nil
        // The table is updated under one lock with the task's own removal, so a task that ends
        // before it was recorded does not stay in the table.
        tasks.withLockedValue { tasks in
            tasks[jobID] = Task.detached { [weak self, name] in
                await turns?.take()
                if await ImportJobRunner.claim(jobID, worker: name, application: application) {
                    let heartbeat = Task {
                        while !Task.isCancelled {
                            try? await Task.sleep(nanoseconds: UInt64(ImportJobRunner.lease / 3 * 1_000_000_000))
                            guard !Task.isCancelled else { return }
                            await ImportJobRunner.renew(jobID, worker: name, application: application)
                        }
                    }
                    await ComputePool.run {
                        await ImportJobRunner.run(application: application, jobID: jobID, userID: userID, path: path, filename: filename)
                    }
                    heartbeat.cancel()
                }
                await turns?.give()
                _ = self?.tasks.withLockedValue { $0.removeValue(forKey: jobID) }
            }
        }
    }

    /// Waits at most `seconds` for this instance's run of a job; whether it has ended.
    func wait(for jobID: UUID, seconds: Double) async -> Bool {
        guard let task = tasks.withLockedValue({ $0[jobID] }) else { return true }
        return await Bounded.wait(seconds: seconds, cancelling: false) { await task.value }
    }

    /// Waits for running jobs (used at shutdown and by tests).
    func waitForAll() async {
        for task in tasks.withLockedValue({ Array($0.values) }) { await task.value }
    }

    /// Picks up jobs nobody runs: queued, or running under a lease that ran out (the instance
    /// stopped). A job whose upload is not on this disk is left to the instance that has it,
    /// unless it was abandoned for a day.
    func resumeInterrupted() async {
        let database = application.db
        let now = application.clock.now()
        do {
            let jobs = try await ImportJob.query(on: database).filter(\.$status ~~ ["queued", "running"]).all()
            for job in jobs where job.leaseUntil.map({ $0 < now.timeIntervalSince1970 }) ?? true {
                guard let id = job.id, let path = job.uploadPath else { continue }
                if FileManager.default.fileExists(atPath: path) {
                    start(jobID: id, userID: job.$user.id, path: path, filename: job.filename)
                } else if (job.updatedAt ?? now) < now.addingTimeInterval(-86_400) {
                    job.status = "failed"
                    job.error = "The upload was lost when the server restarted; upload the file again."
                    try await job.save(on: database)
                }
            }
        } catch {
            application.logger.error("could not resume import jobs", metadata: ["error": "\(error)"])
        }
    }

    /// Takes the job if nobody holds it: queued, or running under a lease that ran out.
    static func claim(_ jobID: UUID, worker: String, application: Application) async -> Bool {
        guard let sql = application.db as? any SQLDatabase else { return false }
        let now = application.clock.now().timeIntervalSince1970
        struct Row: Decodable { var id: UUID }
        let claimed = try? await sql.raw("""
            UPDATE import_jobs SET status = 'running', leased_by = \(bind: worker), lease_until = \(bind: now + lease)
            WHERE id = \(bind: jobID) AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < \(bind: now))))
            RETURNING id
            """).all(decoding: Row.self)
        return claimed?.isEmpty == false
    }

    static func renew(_ jobID: UUID, worker: String, application: Application) async {
        guard let sql = application.db as? any SQLDatabase else { return }
        try? await sql.raw("""
            UPDATE import_jobs SET lease_until = \(bind: application.clock.now().timeIntervalSince1970 + lease)
            WHERE id = \(bind: jobID) AND leased_by = \(bind: worker) AND status = 'running'
            """).run()
    }

    private static func run(application: Application, jobID: UUID, userID: UUID, path: String, filename: String) async {
        let database = application.db
        let logger = application.logger
        do {
            guard let job = try await ImportJob.find(jobID, on: database) else { return }
            let importer = ActivityImporter(database: database, userID: userID, logger: logger)
            let clock = ContinuousClock()
            let lastSave = NIOLockedValueBox(clock.now)
            var report = ImportReport()
            // An upload is a directory of the request's files (or, from older versions, one file).
            for part in try Self.parts(at: path, filename: filename) {
                let before = report
                report.files += await UploadService.importPart(part, importer: importer) { processed, partial in
                    guard clock.now - lastSave.withLockedValue({ $0 }) > .milliseconds(500) else { return }
                    lastSave.withLockedValue { $0 = clock.now }
                    let report = ImportReport(files: before.files + partial.files)
                    let processed = before.files.count + processed
                    job.processed = processed
                    job.total = max(job.total, processed)
                    job.imported = report.imported
                    job.duplicates = report.duplicates
                    job.failedCount = report.failed
                    try? await job.save(on: database)
                }.files
            }
            job.status = "done"
            job.processed = report.files.count
            job.total = report.files.count
            job.imported = report.imported
            job.duplicates = report.duplicates
            job.failedCount = report.failed
            job.reportJSON = String(decoding: try JSONEncoder.api.encode(report), as: UTF8.self)
            job.uploadPath = nil
            try await job.save(on: database)
            logger.info("import finished", metadata: ["job_id": .string(jobID.uuidString), "imported": .stringConvertible(report.imported)])
        } catch {
            logger.error("import job failed", metadata: ["job_id": .string(jobID.uuidString), "error": "\(String(reflecting: error))"])
            if let job = try? await ImportJob.find(jobID, on: database) {
                job.status = "failed"
                job.error = (error as? FileDecodeError)?.description ?? "The upload could not be read."
                job.uploadPath = nil
                try? await job.save(on: database)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension ImportJobRunner {
    /// The files of a job's upload: a directory of `<index>_<name>` files in request order, or
    /// one file named `filename`.
    static func parts(at path: String, filename: String) throws -> [UploadSpool.Part] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileDecodeError(.truncated, "the upload is missing", offset: 0)
        }
        guard isDirectory.boolValue else { return [UploadSpool.Part(name: filename, path: path, size: 0)] }
        return try FileManager.default.contentsOfDirectory(atPath: path).compactMap { entry -> (Int, UploadSpool.Part)? in
            guard let separator = entry.firstIndex(of: "_"), let index = Int(entry[..<separator]) else { return nil }
            return (index, UploadSpool.Part(name: String(entry[entry.index(after: separator)...]), path: path + "/" + entry, size: 0))
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// A fixed number of turns, taken and given back by tasks that wait without blocking a thread.
actor AsyncTurns {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func take() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

extension Application {
    private struct RunnerKey: StorageKey { typealias Value = ImportJobRunner }

    var importJobs: ImportJobRunner {
        get { wired(RunnerKey.self) }
        set { storage[RunnerKey.self] = newValue }
    }
}

/// Lets running imports finish before the application shuts down.
struct ImportJobsLifecycle: LifecycleHandler {
    /// Imports still running after this are left to resume at the next start (their uploads wait on disk).
    static let grace = 10.0

    func shutdownAsync(_ application: Application) async {
        let jobs = application.importJobs
        if !(await Bounded.wait(seconds: Self.grace) { await jobs.waitForAll() }) {
            application.logger.warning("imports still running at shutdown; they resume at the next start")
        }
    }
}

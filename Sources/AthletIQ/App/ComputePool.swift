import Foundation
import NIOCore
import NIOPosix

/// A thread pool that Swift tasks can prefer as their executor. Swift concurrency runs on NIO's
/// event loops here (one per core, serving every user), so CPU work in a request (decoding,
/// decompression, analysis, hashing) and blocking file I/O would hold a loop: inside
/// `ComputePool.run`, that work runs on these threads instead, and only the awaited network and
/// database calls touch the loops.
final class ComputePool: TaskExecutor, @unchecked Sendable {
    static let shared = ComputePool(threads: max(2, System.coreCount))

    private let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }

    /// Runs `body` with its non-isolated code on the pool's threads.
    static func run<T>(_ body: () async throws -> T) async rethrows -> T {
        try await withTaskExecutorPreference(shared, operation: body)
    }
}

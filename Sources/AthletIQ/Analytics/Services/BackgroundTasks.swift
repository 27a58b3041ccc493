import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Work started by a request that finishes after the response (re-analysis); awaited at shutdown
/// and by tests.
final class BackgroundTasks: Sendable {
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    func run(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        // Entered under the lock it removes itself with: a task that finishes at once cannot
        // leave an entry behind (waitForAll would wait for it forever).
        tasks.withLockedValue { tasks in
            tasks[id] = Task.detached { [weak self] in
                await work()
                _ = self?.tasks.withLockedValue { $0.removeValue(forKey: id) }
            }
        }
    }

    func waitForAll() async {
        while true {
            let pending = tasks.withLockedValue { Array($0.values) }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }
}

extension Application {
    private struct BackgroundTasksKey: StorageKey { typealias Value = BackgroundTasks }

    var analysisTasks: BackgroundTasks {
        get { wired(BackgroundTasksKey.self) }
        set { storage[BackgroundTasksKey.self] = newValue }
    }
}

struct BackgroundTasksLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        let tasks = application.analysisTasks
        if !(await Bounded.wait(seconds: 10) { await tasks.waitForAll() }) {
            application.logger.warning("background analyses still running at shutdown were abandoned (they run again on the next edit)")
        }
    }
}

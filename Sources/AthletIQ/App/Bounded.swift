import Foundation

/// Waiting with a limit: shutdown must end within a bound even when some work does not.
enum Bounded {
    /// Runs `work`, giving up after `seconds`; returns whether it finished in time.
    @discardableResult
    static func wait(seconds: Double, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await work(); return true }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

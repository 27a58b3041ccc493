import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Wakes this process's workers when work arrives (other processes find it by polling). A
/// counter rather than continuations: a worker remembers the count it saw before looking for
/// work, so a notification that lands between its look and its wait is never lost.
final class StravaWorkerSignal: Sendable {
    private let counter = NIOLockedValueBox(0)

    var generation: Int { counter.withLockedValue { $0 } }

    func notify() {
        counter.withLockedValue { $0 &+= 1 }
    }

    /// Returns once notified after `generation`, after `seconds` (real time), or when cancelled.
    func wait(after generation: Int, seconds: Double) async {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !Task.isCancelled {
            if self.generation != generation { return }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }
}

extension Application {
    private struct SignalKey: StorageKey { typealias Value = StravaWorkerSignal }

    var stravaWorkerSignal: StravaWorkerSignal {
        get { wired(SignalKey.self) }
        set { storage[SignalKey.self] = newValue }
    }
}

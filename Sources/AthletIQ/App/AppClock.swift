import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The time as the app sees it. Everything that waits on Strava's windows or token expiries
/// reads it here, so a simulation can run a whole day in seconds.
public protocol AppClock: Sendable {
    func now() -> Date
    /// Returns at `date` (or at once when it has passed); throws when the task is cancelled.
    func sleep(until date: Date) async throws
}

/// The real clock.
public struct SystemClock: AppClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400 * 7) * 1_000_000_000))
    }
}

/// A clock that only moves when told to, or when someone sleeps: sleeping jumps to the wake-up
/// time at once. For simulations and tests with one sleeper at a time.
public final class ManualClock: AppClock {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date) {
        current = NIOLockedValueBox(start)
    }

    public func now() -> Date { current.withLockedValue { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLockedValue { $0 = date }
    }

    public func sleep(until date: Date) async throws {
        try Task.checkCancellation()
        current.withLockedValue { if date > $0 { $0 = date } }
        await Task.yield()
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any AppClock }

    /// The app's clock: the system clock unless a simulation or test installed another.
    public var clock: any AppClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

import Foundation
import NIOConcurrencyHelpers

/// Waiting with a limit: shutdown must end within a bound even when some work does not.
enum Bounded {
    /// Runs `work`, giving up after `seconds`; returns whether it finished in time. At the bound
    /// the work is left behind (and cancelled, unless `cancelling` is false): this returns then,
    /// not when the work ends.
    @discardableResult
    static func wait(seconds: Double, cancelling: Bool = true, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let task = Task { await work() }
        let outcome = FirstOutcome<Bool>()
        return await withCheckedContinuation { continuation in
            outcome.waiting(continuation)
            Task {
                await task.value
                outcome.settle(true)
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                if outcome.settle(false), cancelling { task.cancel() }
            }
        }
    }

    /// The value of `work`, or a `CancellationError` as soon as the calling task is cancelled,
    /// even when `work` itself cannot be interrupted (an HTTP call in flight): it is left to
    /// finish on its own and its result is dropped.
    static func abandonable<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = FirstOutcome<Result<T, any Error>>()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                outcome.waiting(continuation)
                Task {
                    do { outcome.settle(.success(try await work())) } catch { outcome.settle(.failure(error)) }
                }
            }
        } onCancel: {
            outcome.settle(.failure(CancellationError()))
        }
        return try result.get()
    }
}

/// The first of several racing outcomes, delivered once to whoever waits for it (the outcome
/// may come before the waiter arrives).
final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var continuation: CheckedContinuation<Value, Never>?
        var settled = false
    }

    private let state = NIOLockedValueBox(State())

    func waiting(_ continuation: CheckedContinuation<Value, Never>) {
        let ready = state.withLockedValue { state -> Value? in
            if let value = state.value { return value }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    /// Returns whether this outcome was the first.
    @discardableResult
    func settle(_ value: Value) -> Bool {
        let (first, continuation) = state.withLockedValue { state -> (Bool, CheckedContinuation<Value, Never>?) in
            guard !state.settled else { return (false, nil) }
            state.settled = true
            if let continuation = state.continuation {
                state.continuation = nil
                return (true, continuation)
            }
            state.value = value
            return (true, nil)
        }
        continuation?.resume(returning: value)
        return first
    }
}

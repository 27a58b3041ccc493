import Foundation
import NIOConcurrencyHelpers

/// Concurrent asks for the same key share one computation. When a cached value runs out under
/// load, every request in flight would otherwise go to the database at once (64 connections, 64
/// identical queries queued behind each other: the latency tail).
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let running = NIOLockedValueBox<[Key: Task<Value, any Error>]>([:])

    func run(_ key: Key, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = running.withLockedValue { running -> Task<Value, any Error> in
            if let task = running[key] { return task }
            let task = Task { try await work() }
            running[key] = task
            return task
        }
        defer { running.withLockedValue { running in if running[key] == task { running[key] = nil } } }
        return try await task.value
    }
}

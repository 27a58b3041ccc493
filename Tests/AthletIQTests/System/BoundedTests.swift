@testable import AthletIQ
import Foundation
import Testing

/// Shutdown bounds that hold: the wait ends at its bound, not when the work does.
@Suite struct BoundedTests {
    /// Ten seconds that cancellation cannot shorten, holding no thread (as a call in flight).
    static func uninterruptible() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + 10) { continuation.resume() }
        }
    }

    @Test func aBoundEndsTheWaitEvenWhenTheWorkIgnoresCancellation() async {
        let started = Date()
        let finished = await Bounded.wait(seconds: 0.3) { await Self.uninterruptible() }
        #expect(!finished)
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(await Bounded.wait(seconds: 5) { try? await Task.sleep(nanoseconds: 10_000_000) })
    }

    @Test func aCancelledCallerStopsWaitingForWorkThatCannotBeInterrupted() async {
        let started = Date()
        let caller = Task {
            try await Bounded.abandonable { () async throws -> Int in
                await Self.uninterruptible()
                return 1
            }
        }
        try? await Task.sleep(nanoseconds: 200_000_000)
        caller.cancel()
        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(Date().timeIntervalSince(started) < 6)
        let value = try? await Bounded.abandonable { 42 }
        #expect(value == 42)
    }
}

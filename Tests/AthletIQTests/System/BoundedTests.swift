@testable import AthletIQ
import Foundation
import Testing

/// Shutdown bounds that hold: the wait ends at its bound, not when the work does.
@Suite struct BoundedTests {
    @Test func aBoundEndsTheWaitEvenWhenTheWorkIgnoresCancellation() async {
        let started = Date()
        // Work that does not look at cancellation (as a call in flight does not).
        let finished = await Bounded.wait(seconds: 0.3) {
            let until = Date().addingTimeInterval(3)
            while Date() < until { await Task.yield(); usleep(10_000) }
        }
        #expect(!finished)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(await Bounded.wait(seconds: 5) { try? await Task.sleep(nanoseconds: 10_000_000) })
    }

    @Test func aCancelledCallerStopsWaitingForWorkThatCannotBeInterrupted() async {
        let started = Date()
        let caller = Task {
            try await Bounded.abandonable { () async throws -> Int in
                let until = Date().addingTimeInterval(3)
                while Date() < until { usleep(10_000) }
                return 1
            }
        }
        try? await Task.sleep(nanoseconds: 200_000_000)
        caller.cancel()
        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(Date().timeIntervalSince(started) < 2)
        let value = try? await Bounded.abandonable { 42 }
        #expect(value == 42)
    }
}

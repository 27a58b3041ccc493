@preconcurrency import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Waits for SIGTERM or SIGINT (what systemd, Docker and Ctrl-C send).
enum TerminationSignal {
    /// Kept alive for the life of the process (a released source stops delivering).
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = NIOLockedValueBox(false)
            var made: [any DispatchSourceSignal] = []
            for number in [SIGTERM, SIGINT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let first = resumed.withLockedValue { done -> Bool in defer { done = true }; return !done }
                    if first { continuation.resume() }
                }
                source.resume()
                made.append(source)
            }
            sources += made
        }
    }
}

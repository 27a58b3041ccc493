import Foundation
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// The application's Prometheus registry. Each Application owns one (so tests stay isolated);
/// capabilities add their own gauges through `registry` or `gaugeProviders`.
public final class AppMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public let startedAt = Date()
    private let providers = NIOLockedValueBox<[@Sendable () async -> Void]>([])

    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {}

    /// Counts one answered request and its duration, labelled by route pattern (not raw path, to
    /// bound the number of series), method and status.
    func recordRequest(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "athletiq", subsystem: nil, metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "athletiq", subsystem: nil, metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request"),
            labels: [("method", method), ("route", route)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Adds a callback run before each scrape, to refresh gauges (queue depth, quota...).
    public func addScrapeHook(_ hook: @escaping @Sendable () async -> Void) {
        providers.withLockedValue { $0.append(hook) }
    }

    /// The Prometheus text exposition of every metric, with fresh process figures.
    public func render() async -> String {
        let stats = ProcessStats.current()
        gauge("process_resident_memory_bytes", "Resident memory size in bytes").set(stats.residentMemoryBytes)
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes").set(stats.virtualMemoryBytes)
        gauge("process_cpu_seconds_total", "User and system CPU time spent in seconds").set(stats.cpuSeconds)
        gauge("process_open_fds", "Open file descriptors").set(stats.openFileDescriptors)
        gauge("process_threads", "Operating system threads").set(stats.threads)
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds").set(startedAt.timeIntervalSince1970)
        for hook in providers.withLockedValue({ $0 }) { await hook() }
        return registry.emitToString()
    }

    private func gauge(_ name: String, _ help: String) -> Gauge {
        registry.makeGauge(descriptor: .init(namespace: nil, subsystem: nil, metricName: name, unitName: "", helpText: help))
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = AppMetrics }

    public var metrics: AppMetrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = AppMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

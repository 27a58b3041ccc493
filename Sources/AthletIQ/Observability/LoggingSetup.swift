import Foundation
import Logging

/// Installs the process-wide log handler from the settings: readable text in development, JSON
/// lines in production, to stdout and optionally a size-rotated file. Call once, before the app.
public enum LoggingSetup {
    /// `console` is stdout for the server; command-line tools log to stderr so their output stays clean.
    public static func bootstrap(_ settings: LoggingSettings, console: LogSink.Console = .standardOutput) {
        let file = settings.file.map { RotatingFile(path: $0, maxBytes: settings.fileMaxBytes, keep: settings.fileKeep) }
        let sink = LogSink(console: console, file: file)
        let level = settings.level
        switch settings.format {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, sink: sink) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = TextLogHandler(label: label, sink: sink)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// A compact human-readable line: `time level message key=value...`.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level, message = event.message, explicit = event.metadata
        var merged = self.metadata
        if let explicit { merged.merge(explicit) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date.now.formatted(.iso8601.time(includingFractionalSeconds: false))
        sink.write("\(time) \(level.rawValue.uppercased()) \(message)\(fields.isEmpty ? "" : " [\(fields)]")")
    }
}

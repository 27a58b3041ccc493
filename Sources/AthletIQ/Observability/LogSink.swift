import Foundation
import NIOConcurrencyHelpers

/// Where log lines go: stdout, and optionally a file rotated by size.
public final class LogSink: Sendable {
    public enum Console: Sendable { case standardOutput, standardError, none }

    private let file: RotatingFile?
    private let console: Console
    private let lock = NIOLock()

    public init(console: Console = .standardOutput, file: RotatingFile? = nil) {
        self.console = console
        self.file = file
    }

    public func write(_ line: String) {
        let data = Data((line + "\n").utf8)
        lock.withLock {
            switch console {
            case .standardOutput: FileHandle.standardOutput.write(data)
            case .standardError: FileHandle.standardError.write(data)
            case .none: break
            }
            file?.write(data)
        }
    }
}

/// An append-only log file that moves to `.1`, `.2`... when it passes `maxBytes`, keeping `keep` old files.
public final class RotatingFile: @unchecked Sendable {
    private let path: String
    private let maxBytes: Int
    private let keep: Int
    private var handle: FileHandle?
    private var size: Int = 0
    private let lock = NIOLock()

    public init(path: String, maxBytes: Int, keep: Int) {
        self.path = path
        self.maxBytes = max(1024, maxBytes)
        self.keep = max(1, keep)
        open()
    }

    public func write(_ data: Data) {
        lock.withLock {
            if size + data.count > maxBytes { rotate() }
            handle?.write(data)
            size += data.count
        }
    }

    private func open() {
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        if !manager.fileExists(atPath: path) { _ = manager.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        size = Int((try? handle?.seekToEnd()) ?? 0)
    }

    private func rotate() {
        try? handle?.close()
        let manager = FileManager.default
        try? manager.removeItem(atPath: "\(path).\(keep)")
        if keep > 1 {
            for index in stride(from: keep - 1, through: 1, by: -1) {
                try? manager.moveItem(atPath: "\(path).\(index)", toPath: "\(path).\(index + 1)")
            }
        }
        try? manager.moveItem(atPath: path, toPath: "\(path).1")
        open()
    }
}

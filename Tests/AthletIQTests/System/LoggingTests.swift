@testable import AthletIQ
import Foundation
import Logging
import Testing

@Suite struct LoggingTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-log-\(UUID()).log").path
    }

    @Test func jsonHandlerWritesOneValidObjectPerLine() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = LogSink(console: .none, file: RotatingFile(path: path, maxBytes: 1 << 20, keep: 2))
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, level: .debug, sink: sink) }
        logger[metadataKey: "request_id"] = "r-1"
        logger.info("request", metadata: ["status": .stringConvertible(200), "route": "/health", "duration_ms": .stringConvertible(1.25)])
        logger.warning("line with \"quotes\"\nand a newline")
        logger.trace("not written: below the level")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["message"] as? String == "request")
        #expect(first["level"] as? String == "info")
        #expect(first["request_id"] as? String == "r-1")
        #expect(first["status"] as? Int == 200)
        #expect(first["route"] as? String == "/health")
        #expect((first["timestamp"] as? String)?.hasSuffix("Z") == true)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["message"] as? String == "line with \"quotes\"\nand a newline")
    }

    @Test func logFileRotatesBySize() throws {
        let path = temporaryPath()
        defer { for suffix in ["", ".1", ".2", ".3"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let file = RotatingFile(path: path, maxBytes: 1024, keep: 2)
        let line = Data(String(repeating: "x", count: 99).appending("\n").utf8)
        for _ in 0..<50 { file.write(line) }
        let manager = FileManager.default
        #expect(manager.fileExists(atPath: path + ".1"))
        #expect(manager.fileExists(atPath: path + ".2"))
        #expect(!manager.fileExists(atPath: path + ".3"))
        let size = try manager.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size <= 1024)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Figures about this process from `/proc` (Linux), for `/metrics` and the load scripts.
public struct ProcessStats: Sendable {
    public var residentMemoryBytes: Double
    public var virtualMemoryBytes: Double
    public var cpuSeconds: Double
    public var openFileDescriptors: Double
    public var threads: Double

    public static func current() -> ProcessStats {
        var stats = ProcessStats(residentMemoryBytes: 0, virtualMemoryBytes: 0, cpuSeconds: 0, openFileDescriptors: 0, threads: 0)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in status.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count >= 2, let value = Double(parts[1]) else { continue }
                switch parts[0] {
                case "VmRSS:": stats.residentMemoryBytes = value * 1024
                case "VmSize:": stats.virtualMemoryBytes = value * 1024
                case "Threads:": stats.threads = value
                default: break
                }
            }
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            // Fields after the command name: state is field 3, utime 14, stime 15 (1-based).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
                if ticks > 0 { stats.cpuSeconds = (user + system) / ticks }
            }
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            stats.openFileDescriptors = Double(descriptors.count)
        }
        return stats
    }
}

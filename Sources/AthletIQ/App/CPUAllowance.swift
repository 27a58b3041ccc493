import Foundation
import NIOCore

/// How many event-loop threads this process should run: the cores it may actually use.
///
/// NIO sizes its loops from the machine's cores and a container's CPU quota, but not from the
/// process's CPU affinity (`taskset`, systemd's `CPUAffinity=`, `docker --cpuset-cpus` without
/// cgroup files). An instance pinned to one core would then run two loops on it and lose time
/// switching between them, so the affinity list from `/proc/self/status` caps the count.
enum CPUAllowance {
    static func eventLoopCount(procStatus: String? = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) -> Int {
        let cores = System.coreCount
        guard let status = procStatus, let allowed = allowedCPUCount(procStatus: status) else { return cores }
        return max(1, min(cores, allowed))
    }

    /// The number of CPUs in the `Cpus_allowed_list:` line ("0-3,6,8-9" is 7), or nil when the
    /// line is missing or malformed.
    static func allowedCPUCount(procStatus: String) -> Int? {
        guard let line = procStatus.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return nil }
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        var count = 0
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard let low = Int(bounds[0]), low >= 0 else { return nil }
            switch bounds.count {
            case 1: count += 1
            case 2:
                guard let high = Int(bounds[1]), high >= low, high - low < 1 << 16 else { return nil }
                count += high - low + 1
            default: return nil
            }
            guard count < 1 << 16 else { return nil }
        }
        return count > 0 ? count : nil
    }
}

import AthletIQCore
import Foundation

/// One decoder, chosen by `ATHLETIQ_FUZZ_TARGET` (fit, gpx, tcx, archive, samples).
enum FuzzTarget: String {
    case fit, gpx, tcx, archive, samples

    static let current = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["ATHLETIQ_FUZZ_TARGET"] ?? "fit") ?? .fit

    /// Runs the decoder on `data`; any error is fine, a trap is a bug.
    func run(_ data: Data) {
        switch self {
        case .fit:
            _ = try? FITDecoder(options: .strict).decode(data)
            _ = try? FITDecoder(options: .lenient).decode(data)
        case .gpx:
            _ = try? GPXDecoder(options: .lenient).decode(data)
        case .tcx:
            _ = try? TCXDecoder(options: .lenient).decode(data)
        case .archive:
            let limits = ArchiveLimits(maxFileBytes: 16 << 20, maxTotalBytes: 64 << 20, maxEntries: 1000, maxDepth: 3)
            let semaphore = DispatchSemaphore(value: 0)
            Task {
                try? await ActivityFiles.expand(name: "fuzz", data: data, limits: limits) { file in
                    _ = try? ActivityFiles.decode(name: file.path, data: file.data, options: .lenient)
                }
                semaphore.signal()
            }
            semaphore.wait()
        case .samples:
            _ = try? SampleCodec.decode(data)
        }
    }
}

#if FUZZING
/// The libFuzzer entry point (built with `-sanitize=fuzzer -D FUZZING`, see scripts/fuzz.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    FuzzTarget.current.run(Data(bytes: start, count: count))
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: FuzzCallback) -> CInt

/// SwiftPM links an executable's entry point under this name; hand control to libFuzzer's driver.
@_cdecl("athletiq_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { start, size in
        guard let start else { return 0 }
        FuzzTarget.current.run(Data(bytes: start, count: size))
        return 0
    }
}
#else
/// Without libFuzzer: replays files (e.g. a crash found by the fuzzer) through the decoder.
@main
enum Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzTarget.current.run(data)
            print("ok \(path)")
        }
    }
}
#endif

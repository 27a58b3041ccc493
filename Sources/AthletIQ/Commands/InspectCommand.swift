import AthletIQCore
import Foundation
import Vapor

/// `athletiq inspect FILE [--json]`: decodes a FIT, GPX or TCX file (or an archive of them) and
/// prints a summary. Exit status 1 when the file cannot be decoded.
struct InspectCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A .fit, .gpx or .tcx file, optionally .gz, or a .zip of them.")
        var file: String

        @Flag(name: "json", help: "Print one JSON object (keys as documented in the README).")
        var json: Bool

        @Flag(name: "lenient", help: "Keep what was read before a fault, as a warning, instead of failing.")
        var lenient: Bool
    }

    var help: String { "Decodes an activity file and prints its summary." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: signature.file), options: .alwaysMapped)
            let report = try await Self.report(name: signature.file, data: data, options: signature.lenient ? .lenient : .strict)
            if signature.json {
                context.console.print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                context.console.print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
        } catch let error as FileDecodeError {
            let text = String(decoding: try encoder.encode(InspectReport.Failure(error)), as: UTF8.self)
            if signature.json { context.console.print(text) } else { context.console.error("cannot decode: \(error)") }
            throw InspectFailure()
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileReadNoPermission {
            let failure = InspectReport.Failure(FileDecodeError(.unsupported, "cannot read \(signature.file): \(error.localizedDescription)"))
            if signature.json { context.console.print(String(decoding: try encoder.encode(failure), as: UTF8.self)) }
            throw InspectFailure()
        }
    }

    /// The report of the first activity in the file, with a warning when an archive holds more.
    static func report(name: String, data: Data, options: DecodeOptions) async throws -> InspectReport {
        var first: DecodedActivity?
        var firstError: FileDecodeError?
        var count = 0
        try await ActivityFiles.expand(name: name, data: data) { file in
            guard case .activity = ActivityFiles.kind(name: file.path, data: file.data) else { return }
            count += 1
            guard first == nil else { return }
            do { first = try ActivityFiles.decode(name: file.path, data: file.data, options: options) }
            catch let error as FileDecodeError { if firstError == nil { firstError = error } }
        }
        if let first {
            return InspectReport(first, extraWarnings: count > 1 ? ["the archive holds \(count) activity files; this is the first"] : [])
        }
        throw firstError ?? FileDecodeError(.unsupported, "no FIT, GPX or TCX file found", offset: 0)
    }
}

/// Ends `inspect` with exit status 1 after it printed the error itself.
struct InspectFailure: Error, CustomStringConvertible {
    var description: String { "the file cannot be decoded" }
}

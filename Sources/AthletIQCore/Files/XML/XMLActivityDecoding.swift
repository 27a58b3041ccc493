import Foundation

/// What GPX and TCX decoding share: a state that reads a scanner to the end and then builds the
/// activity.
protocol XMLActivityState {
    init(maxSamples: Int)
    var sawRoot: Bool { get }
    mutating func read(_ scanner: inout XMLScanner) throws
    mutating func finish() -> DecodedActivity
}

enum XMLActivityDecoding {
    /// Runs `State` over the document. Strictly, any fault throws (with what was read); leniently, a
    /// fault after some samples ends decoding with a warning.
    static func decode<State: XMLActivityState>(_ data: Data, as _: State.Type, options: DecodeOptions, notRecognized: String) throws -> DecodedActivity {
        var state = State(maxSamples: options.maxSamples)
        var scanner = XMLScanner(bytes: try XMLText.utf8Bytes(data))
        do {
            try state.read(&scanner)
        } catch var error as FileDecodeError {
            let partial = state.finish()
            guard !options.strict, partial.samples.count > 0 else {
                error.partial = partial
                throw error
            }
            var result = partial
            result.warnings.append(DecodeWarning("reading stopped early: \(error.message)", offset: error.offset))
            return result
        }
        guard state.sawRoot else { throw FileDecodeError(.notRecognized, notRecognized, offset: 0) }
        return state.finish()
    }
}

import Foundation

/// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests.
enum PrometheusText {
    struct Sample { var name: String; var labels: [String: String]; var value: Double }
    struct Malformed: Error, CustomStringConvertible { var line: String; var description: String { "malformed line: \(line)" } }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        let namePattern = try NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        func validName(_ name: String) -> Bool {
            namePattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, validName(String(parts[2])),
                      ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw Malformed(line: line) }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            var name = line
            var labels: [String: String] = [:]
            var rest = ""
            if let brace = line.firstIndex(of: "{") {
                guard let close = line.lastIndex(of: "}") else { throw Malformed(line: line) }
                name = String(line[..<brace])
                let body = line[line.index(after: brace)..<close]
                for pair in body.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\""), validName(String(kv[0])) else { throw Malformed(line: line) }
                    labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
                }
                rest = String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)
            } else {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { throw Malformed(line: line) }
                name = String(parts[0])
                rest = String(parts[1])
            }
            guard validName(name) else { throw Malformed(line: line) }
            let valueText = rest.split(separator: " ").first.map(String.init) ?? ""
            guard let value = Double(valueText) ?? (valueText == "+Inf" ? .infinity : nil) else { throw Malformed(line: line) }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        guard !types.isEmpty else { throw Malformed(line: "no # TYPE lines") }
        return samples
    }
}

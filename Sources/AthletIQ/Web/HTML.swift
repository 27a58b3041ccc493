/// Escaping for text placed in HTML.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension Sequence {
    /// Renders each element and concatenates them. Typed as `String` on purpose: a bare
    /// `.map { "…" }.joined()` can be inferred as SQLKit's interpolated query string.
    func html(_ render: (Element) throws -> String) rethrows -> String {
        try map(render).joined()
    }
}

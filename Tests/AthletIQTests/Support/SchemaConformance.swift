import Foundation

/// Checks JSON against the schemas `/openapi.json` publishes (the subset of JSON Schema the
/// document uses): types, required and undocumented properties, enums, `$ref`, nullable `oneOf`.
/// Returns what differs, as paths into the value ("$.items[0].full_name: missing").
struct SchemaConformance {
    let document: [String: Any]

    private var components: [String: Any] {
        (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    }

    /// The JSON schema of an operation's request body or of one of its responses.
    func schema(method: String, path: String, status: Int? = nil) -> Any? {
        guard let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            return nil
        }
        let container: [String: Any]?
        if let status {
            container = (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        } else {
            container = operation["requestBody"] as? [String: Any]
        }
        return ((container?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
    }

    func problems(_ value: JSON, against schema: Any, at path: String = "$") -> [String] {
        guard let schema = schema as? [String: Any] else { return [] }
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] else { return ["\(path): unknown schema \(name)"] }
            return problems(value, against: target, at: path)
        }
        if let options = schema["oneOf"] as? [Any] {
            let results = options.map { problems(value, against: $0, at: path) }
            return results.contains { $0.isEmpty } ? [] : (results.min { $0.count < $1.count } ?? [])
        }
        switch (schema["type"] as? String, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number):
            return []
        case ("integer", .number(let number)):
            return number.rounded() == number ? [] : ["\(path): expected an integer, got \(number)"]
        case ("string", .string(let text)):
            if let allowed = schema["enum"] as? [String], !allowed.contains(text) { return ["\(path): \(text) is not one of \(allowed)"] }
            return []
        case ("array", .array(let items)):
            let itemSchema = schema["items"] ?? [:]
            return items.enumerated().flatMap { problems($0.element, against: itemSchema, at: "\(path)[\($0.offset)]") }
        case ("object", .object(let object)):
            if let values = schema["additionalProperties"] {
                return object.flatMap { problems($0.value, against: values, at: "\(path).\($0.key)") }
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            var found: [String] = []
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path).\(name): missing")
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                guard let memberSchema = properties[name] else {
                    found.append("\(path).\(name): not in the schema")
                    continue
                }
                found += problems(member, against: memberSchema, at: "\(path).\(name)")
            }
            return found
        case (nil, _):
            return []
        case (let type?, _):
            return ["\(path): expected \(type), got \(value.kind)"]
        }
    }
}

/// A parsed JSON value that keeps booleans and numbers apart.
enum JSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSON].self)) }
    }

    static func parse(_ data: Data) -> JSON? { try? JSONDecoder().decode(JSON.self, from: data) }

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

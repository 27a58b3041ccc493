/// A JSON Schema (the OpenAPI 3.1 dialect) for request and response bodies.
public indirect enum Schema: Sendable {
    case string(format: String? = nil, description: String? = nil)
    case enumeration([String], description: String? = nil)
    case integer(description: String? = nil)
    case number(description: String? = nil)
    case boolean(description: String? = nil)
    case array(Schema)
    case object([Property])
    /// A free-form object (e.g. a map of counts).
    case dictionary(Schema)
    case nullable(Schema)
    case reference(String)
    case binary
    /// Any JSON value (a free-form document).
    case any

    public struct Property: Sendable {
        public var name: String
        public var schema: Schema
        public var required: Bool

        public init(_ name: String, _ schema: Schema, required: Bool = true) {
            self.name = name
            self.schema = schema
            self.required = required
        }
    }

    public static var string: Schema { .string() }
    public static var integer: Schema { .integer() }
    public static var number: Schema { .number() }
    public static var boolean: Schema { .boolean() }
    public static var dateTime: Schema { .string(format: "date-time") }

    /// A performance a prediction is based on (`Performance`).
    static var performance: Schema {
        .object([.init("distance", .number), .init("time", .number),
                 .init("date", .dateTime, required: false), .init("label", .string, required: false),
                 .init("source", .string(description: "The activity it comes from"), required: false)])
    }

    var json: JSONValue {
        switch self {
        case .string(let format, let description):
            return Self.typed("string", format: format, description: description)
        case .enumeration(let values, let description):
            var pairs: [(String, JSONValue)] = [("type", "string"), ("enum", .array(values.map { .string($0) }))]
            if let description { pairs.append(("description", .string(description))) }
            return .object(pairs)
        case .integer(let description): return Self.typed("integer", format: nil, description: description)
        case .number(let description): return Self.typed("number", format: nil, description: description)
        case .boolean(let description): return Self.typed("boolean", format: nil, description: description)
        case .array(let items): return .object([("type", "array"), ("items", items.json)])
        case .object(let properties):
            var pairs: [(String, JSONValue)] = [("type", "object")]
            pairs.append(("properties", .object(properties.map { ($0.name, $0.schema.json) })))
            let required = properties.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { pairs.append(("required", .array(required))) }
            return .object(pairs)
        case .dictionary(let values):
            return .object([("type", "object"), ("additionalProperties", values.json)])
        case .nullable(let inner):
            return .object([("oneOf", .array([inner.json, .object([("type", "null")])]))])
        case .reference(let name):
            return .object([("$ref", .string("#/components/schemas/\(name)"))])
        case .binary:
            return .object([("type", "string"), ("contentMediaType", "application/octet-stream")])
        case .any:
            return .object([])
        }
    }

    private static func typed(_ type: String, format: String?, description: String?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", .string(type))]
        if let format { pairs.append(("format", .string(format))) }
        if let description { pairs.append(("description", .string(description))) }
        return .object(pairs)
    }
}

/// A type that describes its own JSON shape, so the document names it once under components.
public protocol APISchema {
    static var schemaName: String { get }
    static var schema: Schema { get }
    /// The documented types this one refers to with `.reference`.
    static var related: [any APISchema.Type] { get }
}

extension APISchema {
    public static var schemaName: String { String(describing: Self.self) }
    public static var related: [any APISchema.Type] { [] }

    /// This schema and every schema it refers to, for the document's components.
    static var components: [(String, Schema)] {
        [(schemaName, schema)] + related.flatMap { $0.components }
    }
}

import Vapor

/// Who may call a route. Every route declares one; a test walks them all and checks it.
public enum RouteAccess: String, Sendable {
    /// No authentication (health, sign-up, login, webhooks with their own verification).
    case open
    /// A signed-in user, acting on their own data only.
    case signedIn
    /// A web page for signed-in users: anonymous visitors are sent to the login page.
    case signedInPage
}

/// What the API document says about one route. Attached to the route where it is registered,
/// so the document cannot drift from the routes.
public struct RouteDoc: Sendable {
    public var summary: String
    public var tag: String
    public var access: RouteAccess
    public var body: BodyDoc?
    public var query: [QueryParameter]
    public var responses: [ResponseDoc]
    /// Schemas this operation references, collected under `components`.
    var components: [(String, Schema)] {
        (body?.components ?? []) + responses.flatMap(\.components)
    }
}

public struct QueryParameter: Sendable {
    public var name: String
    public var schema: Schema
    public var description: String
    public var required: Bool

    public init(_ name: String, _ schema: Schema, _ description: String, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
    }
}

public struct BodyDoc: Sendable {
    public var mediaType: String
    public var schema: Schema
    var components: [(String, Schema)]

    /// A JSON body of a documented type.
    public static func json<T: APISchema>(_ type: T.Type) -> BodyDoc {
        BodyDoc(mediaType: "application/json", schema: .reference(T.schemaName), components: T.components)
    }

    /// A form or upload body.
    public static func media(_ mediaType: String, _ schema: Schema) -> BodyDoc {
        BodyDoc(mediaType: mediaType, schema: schema, components: [])
    }
}

public struct ResponseDoc: Sendable {
    public var status: Int
    public var description: String
    public var mediaType: String?
    public var schema: Schema?
    var components: [(String, Schema)]

    public static func json<T: APISchema>(_ status: Int = 200, _ description: String, _ type: T.Type) -> ResponseDoc {
        ResponseDoc(status: status, description: description, mediaType: "application/json",
                    schema: .reference(T.schemaName), components: T.components)
    }

    public static func jsonArray<T: APISchema>(_ status: Int = 200, _ description: String, of type: T.Type) -> ResponseDoc {
        ResponseDoc(status: status, description: description, mediaType: "application/json",
                    schema: .array(.reference(T.schemaName)), components: T.components)
    }

    public static func content(_ status: Int = 200, _ description: String, mediaType: String, schema: Schema = .string) -> ResponseDoc {
        ResponseDoc(status: status, description: description, mediaType: mediaType, schema: schema, components: [])
    }

    public static func html(_ description: String) -> ResponseDoc {
        .content(200, description, mediaType: "text/html")
    }

    public static func empty(_ status: Int = 204, _ description: String) -> ResponseDoc {
        ResponseDoc(status: status, description: description, mediaType: nil, schema: nil, components: [])
    }

    public static func redirect(_ description: String, status: Int = 303) -> ResponseDoc {
        ResponseDoc(status: status, description: description, mediaType: nil, schema: nil, components: [])
    }
}

extension Route {
    static let docKey = "athletiq.doc"

    /// Documents this route for `/openapi.json` and `/docs` and declares who may call it.
    @discardableResult
    public func doc(
        _ summary: String, tag: String, access: RouteAccess,
        body: BodyDoc? = nil, query: [QueryParameter] = [], responses: [ResponseDoc]
    ) -> Route {
        userInfo[AnySendableHashable(Route.docKey)] = RouteDoc(
            summary: summary, tag: tag, access: access, body: body, query: query, responses: responses)
        return self
    }

    /// The documentation of this route, if it has any.
    public var routeDoc: RouteDoc? {
        userInfo[AnySendableHashable(Route.docKey)] as? RouteDoc
    }
}

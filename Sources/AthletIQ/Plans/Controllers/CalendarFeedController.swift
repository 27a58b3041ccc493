import Fluent
import Vapor

/// The plan as an iCalendar feed at a secret address, and managing that address.
struct CalendarFeedController {
    func register(open: any RoutesBuilder, signedIn: any RoutesBuilder) {
        let feed = signedIn.grouped("api", "v1", "plans", "feed")
        feed.get(use: show).doc("The secret address of my plan's calendar feed (made on first use)", tag: "Plans", access: .signedIn,
                                responses: [.json(200, "The address", FeedResponse.self)])
        feed.post("regenerate", use: regenerate).doc("A new secret address; the old one stops working", tag: "Plans", access: .signedIn,
                                                     responses: [.json(200, "The new address", FeedResponse.self)])
        feed.delete(use: revoke).doc("Turn the feed off", tag: "Plans", access: .signedIn, responses: [.empty(204, "No feed any more")])
        open.get("calendar", ":file", use: document)
            .doc("The iCalendar feed (RFC 5545) of a plan, by its secret address", tag: "Plans", access: .open,
                 responses: [.content(200, "The calendar", mediaType: "text/calendar"), .json(404, "Unknown or revoked address", ErrorBodySchema.self)])
    }

    struct FeedResponse: Content, APISchema {
        var url: String
        var createdAt: Date?

        static var schema: Schema { .object([.init("url", .string), .init("created_at", .dateTime, required: false)]) }
    }

    static func service(_ request: Request) -> CalendarFeedService {
        CalendarFeedService(database: request.db, cipher: TokenCipher(keys: request.settings.secrets.encryptionKeys),
                            publicURL: request.settings.http.publicURL)
    }

    func show(request: Request) async throws -> FeedResponse {
        let feed = try await Self.service(request).current(userID: try request.currentUserID)
        return FeedResponse(url: feed.url, createdAt: feed.createdAt)
    }

    func regenerate(request: Request) async throws -> FeedResponse {
        let feed = try await Self.service(request).regenerate(userID: try request.currentUserID)
        return FeedResponse(url: feed.url, createdAt: feed.createdAt)
    }

    func revoke(request: Request) async throws -> HTTPStatus {
        try await Self.service(request).revoke(userID: try request.currentUserID)
        return .noContent
    }

    func document(request: Request) async throws -> Response {
        let file = request.parameters.get("file") ?? ""
        let token = file.hasSuffix(".ics") ? String(file.dropLast(4)) : file
        guard token.count >= 20, token.count <= 100,
              let text = try await Self.service(request).document(token: token, now: request.application.clock.now(),
                                                                   language: Language.of(request)) else {
            throw APIError.notFound("calendar")
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"athletiq-plan.ics\"")
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

import Vapor

/// Strava's webhook endpoint: the subscription challenge (GET) and event delivery (POST).
/// Events are stored before we answer and processed right after, so Strava gets its 200 at
/// once and a crash loses nothing (stored events are picked up by the worker's housekeeping).
struct StravaWebhookController {
    func register(open: any RoutesBuilder) {
        // Only the secret address exists: the bare path answers 404 (see StravaWebhookPath).
        let webhook = open.grouped("api", "v1", "webhooks", "strava", ":secret")
        webhook.get(use: challenge)
            .doc("Strava's subscription check: echoes hub.challenge when hub.verify_token matches (on the instance's secret address)",
                 tag: "Strava", access: .open,
                 query: [QueryParameter("hub.mode", .string, "subscribe"), QueryParameter("hub.challenge", .string, "To echo"),
                         QueryParameter("hub.verify_token", .string, "Our STRAVA_WEBHOOK_VERIFY_TOKEN")],
                 responses: [.json(200, "The challenge", WebhookChallengeResponse.self),
                             .json(403, "Wrong verify token", ErrorBodySchema.self), .json(404, "Not the secret address", ErrorBodySchema.self)])
        webhook.on(.POST, body: .collect(maxSize: "64kb"), use: receive)
            .doc("A Strava event (activity create/update/delete, athlete deauthorization), on the instance's secret address",
                 tag: "Strava", access: .open,
                 body: .json(WebhookEventBody.self),
                 responses: [.empty(200, "Received"), .json(404, "Not the secret address", ErrorBodySchema.self),
                             .json(429, "Too many events from this address", ErrorBodySchema.self)])
    }

    /// The secret segment must be the instance's; anything else is a path that does not exist.
    private func checkAddress(_ request: Request) throws {
        let segment = request.parameters.get("secret") ?? ""
        guard StravaWebhookPath.isValid(segment, keys: request.settings.secrets.encryptionKeys) else {
            request.logger.warning("Strava webhook on a wrong address", metadata: ["client_ip": .string(request.clientIP)])
            throw APIError.notFound("route")
        }
    }

    func challenge(request: Request) async throws -> Response {
        try checkAddress(request)
        let settings = try request.strava.settings
        let mode = try? request.query.get(String.self, at: "hub.mode")
        let token = (try? request.query.get(String.self, at: "hub.verify_token")) ?? ""
        guard mode == "subscribe", !settings.webhookVerifyToken.isEmpty,
              SecureToken.constantTimeEquals(token, settings.webhookVerifyToken),
              let challenge = try? request.query.get(String.self, at: "hub.challenge"), challenge.count <= 512 else {
            request.logger.warning("Strava webhook challenge refused")
            throw APIError.forbidden("The verify token does not match.", code: "invalid_verify_token")
        }
        return try await WebhookChallengeResponse(challenge: challenge).encodeResponse(for: request)
    }

    func receive(request: Request) async throws -> HTTPStatus {
        try checkAddress(request)
        let decision = try await request.rateLimiter.hit("webhook-ip:\(request.clientIP)", limit: request.settings.rateLimits.webhook)
        guard decision.allowed else { throw decision.error("Too many events from your address.") }
        let services = try request.strava
        let body: WebhookEventBody
        do {
            body = try JSONDecoder().decode(WebhookEventBody.self, from: Data(buffer: request.body.data ?? ByteBuffer()))
        } catch {
            throw APIError.badRequest("Not a Strava event.", code: "invalid_event")
        }
        let processor = StravaWebhookProcessor(services: services)
        // Events of another subscription, or of an athlete nobody connected here, are answered
        // (Strava retries otherwise) but never stored: the table cannot be filled from outside.
        if let refusal = try await processor.refusal(of: body.event) {
            request.logger.notice("Strava webhook event refused", metadata: ["reason": .string(refusal)])
            return .ok
        }
        let stored = try await processor.store(body.event)
        guard stored.stored, let id = stored.id else { return .ok }
        // Answer now; process right after, outside the request.
        let application = request.application
        let logger = request.logger
        application.analysisTasks.run {
            guard let services = StravaServices(application: application, logger: logger) else { return }
            await StravaWebhookProcessor(services: services).process(eventID: id)
        }
        return .ok
    }
}

struct WebhookChallengeResponse: Content, APISchema {
    var challenge: String

    enum CodingKeys: String, CodingKey {
        case challenge = "hub.challenge"
    }

    static var schema: Schema { .object([.init("hub.challenge", .string)]) }
}

/// The JSON Strava posts. Ids come as numbers or as strings (Strava's own examples use both).
struct WebhookEventBody: Decodable, APISchema {
    var event: StravaWebhookProcessor.Event

    enum Keys: String, CodingKey {
        case subscriptionID = "subscription_id", ownerID = "owner_id", objectType = "object_type", objectID = "object_id"
        case aspectType = "aspect_type", updates, eventTime = "event_time"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        func number(_ key: Keys) throws -> Int64 {
            if let value = try? container.decode(Int64.self, forKey: key) { return value }
            if let text = try? container.decode(String.self, forKey: key), let value = Int64(text) { return value }
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a number")
        }
        let objectType = try container.decode(String.self, forKey: .objectType)
        let aspectType = try container.decode(String.self, forKey: .aspectType)
        guard ["activity", "athlete"].contains(objectType), ["create", "update", "delete"].contains(aspectType) else {
            throw DecodingError.dataCorruptedError(forKey: .objectType, in: container, debugDescription: "unknown event")
        }
        var updates: [String: String] = [:]
        if let raw = try? container.decode([String: FlexibleString].self, forKey: .updates) {
            for (key, value) in raw.prefix(20) { updates[String(key.prefix(50))] = String(value.value.prefix(500)) }
        }
        event = .init(subscriptionID: try number(.subscriptionID), ownerID: try number(.ownerID), objectType: objectType,
                      objectID: try number(.objectID), aspectType: aspectType, updates: updates, eventTime: try number(.eventTime))
    }

    static var schema: Schema {
        .object([.init("subscription_id", .integer), .init("owner_id", .integer), .init("object_type", .enumeration(["activity", "athlete"])),
                 .init("object_id", .integer), .init("aspect_type", .enumeration(["create", "update", "delete"])),
                 .init("updates", .dictionary(.string), required: false), .init("event_time", .integer)])
    }
}

/// A JSON value read as text (`"true"`, `true`, `3`...).
struct FlexibleString: Decodable {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { value = text }
        else if let flag = try? container.decode(Bool.self) { value = flag ? "true" : "false" }
        else if let number = try? container.decode(Double.self), number.isFinite {
            value = abs(number) < 9e15 && number == number.rounded() ? String(Int64(number)) : String(number)
        }
        else { value = "" }
    }
}

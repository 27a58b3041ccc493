import Foundation
import Vapor

/// The push subscription (one per application, checked with a challenge to its callback) and
/// the delivery of events to it, retried as Strava does (three tries in all).
extension StravaSimulator {
    func registerSubscriptions(_ api: any RoutesBuilder) {
        let subscriptions = api.grouped("push_subscriptions")
        subscriptions.post { [self] request in
            try await guarded(request, requireToken: false) { _ in
                let form = Self.fields(request)
                guard form["client_id"] == configuration.clientID, form["client_secret"] == configuration.clientSecret,
                      let callback = form["callback_url"], let verify = form["verify_token"] else {
                    return Self.json(SimulatorPayloads.fault("Bad Request", resource: "PushSubscription", field: "client_id", code: "invalid"),
                                     status: .badRequest)
                }
                if state.withLockedValue({ $0.subscription != nil }) {
                    return Self.json(SimulatorPayloads.fault("Bad Request", resource: "PushSubscription", field: "callback_url", code: "already exists"),
                                     status: .badRequest)
                }
                // Strava checks the callback before creating the subscription.
                let challenge = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                var components = URLComponents(string: callback)
                components?.queryItems = [URLQueryItem(name: "hub.mode", value: "subscribe"),
                                          URLQueryItem(name: "hub.challenge", value: challenge),
                                          URLQueryItem(name: "hub.verify_token", value: verify)]
                struct Echo: Decodable { var challenge: String; enum CodingKeys: String, CodingKey { case challenge = "hub.challenge" } }
                let answer = try? await app.client.get(URI(string: components?.string ?? callback))
                guard let answer, answer.status == .ok, let echo = try? answer.content.decode(Echo.self), echo.challenge == challenge else {
                    return Self.json(SimulatorPayloads.fault("Bad Request", resource: "PushSubscription", field: "callback_url",
                                                             code: "not verifiable"), status: .badRequest)
                }
                let id = state.withLockedValue { state -> Int64 in
                    let id = state.nextSubscriptionID
                    state.nextSubscriptionID += 1
                    state.subscription = (id, callback, verify, configuration.now())
                    return id
                }
                return Self.json(["id": id], status: .created)
            }
        }
        subscriptions.get { [self] request in
            try await guarded(request, requireToken: false) { _ in
                let query = Self.fields(request)
                guard query["client_id"] == configuration.clientID, query["client_secret"] == configuration.clientSecret else {
                    return Self.json(SimulatorPayloads.fault("Authorization Error", resource: "Application", field: "client_secret", code: "invalid"),
                                     status: .unauthorized)
                }
                let list = state.withLockedValue { state -> [[String: Any]] in
                    guard let subscription = state.subscription else { return [] }
                    let created = SimulatorPayloads.iso(subscription.createdAt)
                    return [["id": subscription.id, "resource_state": 2, "application_id": Int(configuration.clientID) ?? 0,
                             "callback_url": subscription.callbackURL, "created_at": created, "updated_at": created]]
                }
                return Self.json(list)
            }
        }
        subscriptions.delete(":id") { [self] request in
            try await guarded(request, requireToken: false) { _ in
                let query = Self.fields(request)
                guard query["client_id"] == configuration.clientID, query["client_secret"] == configuration.clientSecret else {
                    return Self.json(SimulatorPayloads.fault("Authorization Error", resource: "Application", field: "client_secret", code: "invalid"),
                                     status: .unauthorized)
                }
                let id = request.parameters.get("id", as: Int64.self)
                let removed = state.withLockedValue { state -> Bool in
                    guard let subscription = state.subscription, subscription.id == id else { return false }
                    state.subscription = nil
                    return true
                }
                return removed ? Response(status: .noContent) : notFound("PushSubscription")
            }
        }
    }

    /// Posts an event to the subscription's callback; returns the final status (nil without a
    /// subscription or when every try failed).
    @discardableResult
    public func deliver(objectType: String, objectID: Int64, aspectType: String, ownerID: Int64,
                        updates: [String: String] = [:], eventTime: Date? = nil) async -> HTTPStatus? {
        guard let subscription = state.withLockedValue({ $0.subscription }) else { return nil }
        let body: [String: Any] = [
            "aspect_type": aspectType, "event_time": Int64((eventTime ?? configuration.now()).timeIntervalSince1970),
            "object_id": objectID, "object_type": objectType, "owner_id": ownerID,
            "subscription_id": subscription.id, "updates": updates,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { return nil }
        for _ in 0..<3 {
            state.withLockedValue { $0.stats.webhookDeliveries += 1 }
            let response = try? await app.client.post(URI(string: subscription.callbackURL)) { request in
                request.headers.contentType = .json
                request.body = ByteBuffer(data: data)
            }
            if let response, response.status == .ok { return .ok }
        }
        return nil
    }

    /// Posts a raw body to the callback (for tests of duplicate deliveries and foreign events).
    public func post(rawEvent body: [String: Any]) async -> HTTPStatus? {
        guard let subscription = state.withLockedValue({ $0.subscription }),
              let data = try? JSONSerialization.data(withJSONObject: body) else { return nil }
        let response = try? await app.client.post(URI(string: subscription.callbackURL)) { request in
            request.headers.contentType = .json
            request.body = ByteBuffer(data: data)
        }
        return response?.status
    }
}

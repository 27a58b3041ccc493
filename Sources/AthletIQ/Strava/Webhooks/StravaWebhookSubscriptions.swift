import Foundation
import Vapor

/// Strava's push subscription (one per application): create (Strava checks our callback's
/// challenge before answering, so the server must be up), list, delete. The id is recorded in
/// the database, so every process knows which events are ours.
struct StravaWebhookSubscriptions {
    let services: StravaServices

    private var credentials: [(String, String)] {
        [("client_id", services.settings.clientID), ("client_secret", services.settings.clientSecret)]
    }

    /// Subscribes with `callbackBase` followed by the instance's secret segment (`StravaWebhookPath`).
    func subscribe(callbackBase: String) async throws -> (id: Int64, callbackURL: String) {
        let settings = services.settings
        let callbackURL = StravaWebhookPath.callbackURL(base: callbackBase, keys: services.application.settings.secrets.encryptionKeys)
        guard !settings.webhookVerifyToken.isEmpty else { throw CommandFailure("set STRAVA_WEBHOOK_VERIFY_TOKEN first") }
        let response = try await services.http.send(.POST, "/push_subscriptions", form: [
            "client_id": settings.clientID, "client_secret": settings.clientSecret,
            "callback_url": callbackURL, "verify_token": settings.webhookVerifyToken,
        ], token: nil, use: .interactive, metered: false)
        let created = try StravaHTTP.decode(StravaSubscriptionPayload.self, from: response)
        try await StravaAppState.set(StravaAppState.subscriptionKey, String(created.id), on: services.database)
        return (created.id, callbackURL)
    }

    func list() async throws -> [StravaSubscriptionPayload] {
        let response = try await services.http.send(.GET, "/push_subscriptions", query: credentials, token: nil, use: .interactive, metered: false)
        return try StravaHTTP.decode([StravaSubscriptionPayload].self, from: response)
    }

    func recorded() async throws -> Int64? {
        try await StravaAppState.get(StravaAppState.subscriptionKey, on: services.database).flatMap { Int64($0) }
    }

    func delete(id: Int64) async throws {
        _ = try await services.http.send(.DELETE, "/push_subscriptions/\(id)", query: credentials, token: nil, use: .interactive, metered: false)
        if try await recorded() == id { try await StravaAppState.set(StravaAppState.subscriptionKey, nil, on: services.database) }
    }
}

import Fluent
import Foundation

/// A webhook event as Strava delivered it: stored before we answer, processed afterwards.
/// `dedupe_key` makes repeated deliveries of one event land on one row.
final class StravaWebhookEvent: Model, @unchecked Sendable {
    static let schema = "strava_webhook_events"

    enum Status: String, Codable, Sendable {
        case received, processing, processed, ignored, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "subscription_id") var subscriptionID: Int64
    @Field(key: "owner_id") var ownerID: Int64
    @Field(key: "object_type") var objectType: String
    @Field(key: "object_id") var objectID: Int64
    @Field(key: "aspect_type") var aspectType: String
    /// The `updates` object as JSON (string values).
    @Field(key: "updates_json") var updatesJSON: String
    @Field(key: "event_time") var eventTime: Int64
    @Field(key: "status") var status: Status
    @Field(key: "received_at") var receivedAt: Double
    @OptionalField(key: "lease_until") var leaseUntil: Double?
    @OptionalField(key: "processed_at") var processedAt: Double?
    @OptionalField(key: "result") var result: String?

    init() {}

    var updates: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(updatesJSON.utf8))) ?? [:]
    }
}

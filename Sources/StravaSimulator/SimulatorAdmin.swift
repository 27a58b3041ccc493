import Foundation
import Vapor

/// A small control API for demos and the scale-out test, under `/_sim` (not part of Strava):
/// add athletes and activities, choose who consents next, deliver webhook events, read the stats.
extension StravaSimulator {
    func registerAdmin() {
        let admin = app.grouped("_sim")
        struct AthleteInput: Content { var id: Int64; var firstname: String?; var activities: Int?; var consent: Bool? }
        admin.post("athletes") { [self] request -> Response in
            let input = try request.content.decode(AthleteInput.self)
            addAthlete(id: input.id, firstname: input.firstname ?? "Athlete", lastname: "\(input.id)")
            let ids = addHistory(athleteID: input.id, count: min(max(0, input.activities ?? 0), 5000),
                                 newest: configuration.now().addingTimeInterval(-3600), seconds: 1200)
            if input.consent == true { setConsent(.init(athleteID: input.id)) }
            return Self.json(["id": input.id, "activities": ids])
        }
        struct ConsentInput: Content { var athleteId: Int64; var deny: Bool?
            enum CodingKeys: String, CodingKey { case athleteId = "athlete_id", deny }
        }
        admin.post("consent") { [self] request -> Response in
            let input = try request.content.decode(ConsentInput.self)
            setConsent(.init(athleteID: input.athleteId, deny: input.deny ?? false))
            return Self.json(["ok": true])
        }
        struct NewActivity: Content { var athleteId: Int64; var sportType: String?; var seconds: Int?; var deliver: Bool?
            enum CodingKeys: String, CodingKey { case athleteId = "athlete_id", sportType = "sport_type", seconds, deliver }
        }
        admin.post("activities") { [self] request -> Response in
            let input = try request.content.decode(NewActivity.self)
            let id = addActivity(athleteID: input.athleteId, sportType: input.sportType ?? "Run",
                                 start: configuration.now().addingTimeInterval(-600), seconds: input.seconds ?? 900)
            var delivered: UInt?
            if input.deliver == true {
                delivered = await deliver(objectType: "activity", objectID: id, aspectType: "create", ownerID: input.athleteId)?.code
            }
            return Self.json(["id": id, "delivered": delivered.map { Int($0) } as Any])
        }
        admin.get("stats") { [self] _ -> Response in
            let stats = self.stats
            let usage = readUsage()
            return Self.json([
                "api_requests": stats.apiRequests, "read_requests": stats.readRequests, "rate_limited": stats.rateLimited,
                "over_limit": stats.overLimit, "max_short_read_usage": stats.maxShortReadUsage, "max_daily_read_usage": stats.maxDailyReadUsage,
                "read_usage": [usage.short, usage.daily], "token_requests": stats.tokenRequests, "refreshes": stats.refreshes,
                "webhook_deliveries": stats.webhookDeliveries, "by_path": stats.byPath,
                "details_by_activity": Dictionary(uniqueKeysWithValues: stats.detailsByActivity.map { (String($0.key), $0.value) }),
                "streams_by_activity": Dictionary(uniqueKeysWithValues: stats.streamsByActivity.map { (String($0.key), $0.value) }),
                "activities": state.withLockedValue { Array($0.activities.keys).map(String.init) },
            ])
        }
    }
}

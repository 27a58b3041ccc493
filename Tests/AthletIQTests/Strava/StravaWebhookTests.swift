@testable import AthletIQ
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor
import VaporTesting

@Suite struct StravaWebhookTests {
    @Test func theChallengeIsAnsweredOnlyWithTheVerifyTokenOnTheSecretAddress() async throws {
        try await StravaHarness.run { harness in
            let query = "?hub.mode=subscribe&hub.challenge=15f7d1a9&hub.verify_token=\(StravaHarness.verifyToken)"
            try await harness.app.testing().test(.GET, harness.webhookPath + query) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json()["hub.challenge"] as? String == "15f7d1a9")
            }
            #expect(harness.webhookPath.hasPrefix("api/v1/webhooks/strava/") && harness.webhookPath.count > 50)
            // The bare path and a guessed secret do not exist, for the challenge and for events.
            for path in ["api/v1/webhooks/strava", "api/v1/webhooks/strava/0123456789abcdef0123456789abcdef01234567"] {
                try await harness.app.testing().test(.GET, path + query) { res async in #expect(res.status == .notFound) }
                try await harness.app.testing().test(.POST, path, headers: TestUsers.jsonHeaders, body: TestUsers.json(["object_type": "activity"])) { res async in
                    #expect(res.status == .notFound)
                }
            }
            try await harness.app.testing().test(.GET, harness.webhookPath + "?hub.mode=subscribe&hub.challenge=x&hub.verify_token=wrong") { res async in
                #expect(res.status == .forbidden)
            }
            try await harness.app.testing().test(.POST, harness.webhookPath, headers: TestUsers.jsonHeaders,
                                                 body: ByteBuffer(string: "{not json")) { res async in
                #expect(res.status == .badRequest)
            }
            // The simulator, like Strava, was given the secret address by the subscription.
            _ = try await harness.subscribe()
            #expect(harness.simulator.callbackURL?.hasSuffix(harness.webhookPath) == true)
        }
    }

    /// An attacker who knows an athlete's public Strava id (and even the secret address) cannot
    /// delete their activities or their connection: Strava must confirm every destructive event.
    @Test func forgedDeletionsAndDeauthorizationsAreConfirmedWithStrava() async throws {
        try await StravaHarness.run { harness in
            _ = try await harness.subscribe()
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 711)
            let ids = harness.simulator.addHistory(athleteID: 711, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 711)
            await harness.drain()
            #expect(try await harness.activities(user).count == 2)
            // Forged: the activity still exists at Strava, the athlete never revoked anything.
            await harness.simulator.deliver(objectType: "activity", objectID: ids[0], aspectType: "delete", ownerID: 711)
            await harness.app.analysisTasks.waitForAll()
            await harness.simulator.deliver(objectType: "athlete", objectID: 711, aspectType: "update", ownerID: 711,
                                            updates: ["authorized": "false"])
            await harness.app.analysisTasks.waitForAll()
            // An event Strava could not confirm in time (a slow answer) is tried again later.
            if try await StravaWebhookEvent.query(on: harness.app.db).filter(\.$status == .processing).count() > 0 {
                harness.clock.advance(by: StravaWebhookProcessor.retryDelay + 120)
                await StravaWebhookProcessor(services: try harness.services).processStale()
            }
            #expect(try await harness.activities(user).count == 2)
            #expect(try await harness.connection(user) != nil)
            let results = try await StravaWebhookEvent.query(on: harness.app.db).all().map { $0.result ?? "" }
            #expect(results.contains { $0.hasPrefix("deletion not confirmed") }, "\(results)")
            #expect(results.contains { $0.hasPrefix("deauthorization not confirmed") }, "\(results)")
            // Real: deleted at Strava first, then the event.
            harness.simulator.deleteActivity(ids[0])
            await harness.simulator.deliver(objectType: "activity", objectID: ids[0], aspectType: "delete", ownerID: 711,
                                            eventTime: StravaHarness.start.addingTimeInterval(5))
            await harness.app.analysisTasks.waitForAll()
            #expect(try await harness.activities(user).map(\.stravaID) == [ids[1]])
        }
    }

    /// Events of no subscription, of another one, or of an athlete nobody connected are not even
    /// stored; one source sending too many is refused with 429.
    @Test func foreignEventsAreNotStoredAndSourcesAreRateLimited() async throws {
        try await StravaHarness.run(["RATE_LIMIT_WEBHOOK": "5/1h"]) { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 712)
            try await harness.connect(user, athleteID: 712)
            func post(_ event: [String: Any]) async throws -> HTTPStatus {
                var status = HTTPStatus.internalServerError
                try await harness.app.testing().test(.POST, harness.webhookPath, headers: TestUsers.jsonHeaders, body: TestUsers.json(event)) { res async in
                    status = res.status
                }
                return status
            }
            var event: [String: Any] = ["aspect_type": "delete", "event_time": 1_796_205_000, "object_id": 1, "object_type": "activity",
                                        "owner_id": 712, "subscription_id": 1, "updates": [:] as [String: String]]
            // No subscription recorded yet: even a plausible id is refused.
            #expect(try await post(event) == .ok)
            let subscription = try await harness.subscribe()
            event["subscription_id"] = subscription + 1
            #expect(try await post(event) == .ok)
            event["subscription_id"] = subscription
            event["owner_id"] = 99_999
            #expect(try await post(event) == .ok)
            #expect(try await StravaWebhookEvent.query(on: harness.app.db).count() == 0)
            event["owner_id"] = 712
            #expect(try await post(event) == .ok)
            #expect(try await StravaWebhookEvent.query(on: harness.app.db).count() == 1)
            #expect(try await post(event) == .ok)  // the fifth event of the hour: a repeat, stored once
            #expect(try await post(event) == .tooManyRequests)
            #expect(try await StravaWebhookEvent.query(on: harness.app.db).count() == 1)
        }
    }

    @Test func eventsCreateUpdateAndDeleteActivities() async throws {
        try await StravaHarness.run { harness in
            let subscription = try await harness.subscribe()
            #expect(harness.simulator.subscriptionID == subscription)
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 701)
            try await harness.connect(user, athleteID: 701)
            await harness.drain()
            #expect(try await harness.activities(user).isEmpty)

            // Create: fetched with two reads, samples and all.
            let id = harness.simulator.addActivity(athleteID: 701, sportType: "Run", start: StravaHarness.start.addingTimeInterval(-1800))
            let readsBefore = harness.simulator.stats.readRequests
            #expect(await harness.simulator.deliver(objectType: "activity", objectID: id, aspectType: "create", ownerID: 701) == .ok)
            await harness.app.analysisTasks.waitForAll()
            await harness.drain()
            #expect(harness.simulator.stats.readRequests - readsBefore == 2)
            var activity = try #require(try await harness.activities(user).first)
            #expect(activity.stravaID == id && activity.hasSamples && activity.enrichedAt != nil)

            // Update: title, privacy and sport from the event itself (no read needed).
            await harness.simulator.deliver(objectType: "activity", objectID: id, aspectType: "update", ownerID: 701,
                                            updates: ["title": "Hill repeats", "type": "Ride", "private": "true"])
            await harness.app.analysisTasks.waitForAll()
            activity = try #require(try await Activity.find(activity.requireID(), on: harness.app.db))
            #expect(activity.name == "Hill repeats")
            #expect(activity.sport == "ride")
            #expect(activity.isPrivate)
            #expect(harness.simulator.stats.readRequests - readsBefore == 2)

            // The user corrects the sport: a later update from Strava keeps the correction.
            try await harness.app.testing().test(.PATCH, "api/v1/activities/\(try activity.requireID())",
                                                 headers: user.bearer.merging(TestUsers.jsonHeaders),
                                                 body: TestUsers.json(["sport": "trail_run"])) { res async in
                #expect(res.status == .ok)
            }
            await harness.simulator.deliver(objectType: "activity", objectID: id, aspectType: "update", ownerID: 701,
                                            updates: ["type": "Walk", "title": "Still a trail"])
            await harness.app.analysisTasks.waitForAll()
            activity = try #require(try await Activity.find(activity.requireID(), on: harness.app.db))
            #expect(activity.sport == "trail_run")
            #expect(activity.name == "Still a trail")

            // Delete: only the owner's activity goes.
            let other = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 702)
            try await harness.connect(other, athleteID: 702)
            await harness.simulator.deliver(objectType: "activity", objectID: id, aspectType: "delete", ownerID: 702)
            await harness.app.analysisTasks.waitForAll()
            #expect(try await harness.activities(user).count == 1)
            harness.simulator.deleteActivity(id)
            await harness.simulator.deliver(objectType: "activity", objectID: id, aspectType: "delete", ownerID: 701)
            await harness.app.analysisTasks.waitForAll()
            #expect(try await harness.activities(user).isEmpty)
            #expect(try await ActivityStream.query(on: harness.app.db).count() == 0)
        }
    }

    @Test func repeatedForeignAndUnknownEventsChangeNothing() async throws {
        try await StravaHarness.run { harness in
            let subscription = try await harness.subscribe()
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 703)
            try await harness.connect(user, athleteID: 703)
            await harness.drain()
            let id = harness.simulator.addActivity(athleteID: 703, start: StravaHarness.start.addingTimeInterval(-900))
            let event: [String: Any] = ["aspect_type": "create", "event_time": 1_796_205_000, "object_id": id, "object_type": "activity",
                                        "owner_id": 703, "subscription_id": subscription, "updates": [:] as [String: String]]
            // Strava delivers the same event again (it retries): one row, one job.
            #expect(await harness.simulator.post(rawEvent: event) == .ok)
            #expect(await harness.simulator.post(rawEvent: event) == .ok)
            await harness.app.analysisTasks.waitForAll()
            #expect(try await StravaWebhookEvent.query(on: harness.app.db).count() == 1)
            #expect(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .fetch).count() == 1)
            // Another application's subscription id: answered, not stored.
            var foreign = event
            foreign["subscription_id"] = subscription + 1000
            foreign["event_time"] = 1_796_205_001
            #expect(await harness.simulator.post(rawEvent: foreign) == .ok)
            // An athlete nobody connected here: answered, not stored.
            var stranger = event
            stranger["owner_id"] = 99_999
            stranger["event_time"] = 1_796_205_002
            #expect(await harness.simulator.post(rawEvent: stranger) == .ok)
            await harness.app.analysisTasks.waitForAll()
            let events = try await StravaWebhookEvent.query(on: harness.app.db).all()
            #expect(events.count == 1)
            #expect(events.filter { $0.status == .processed }.count == 1)
            #expect(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .fetch).count() == 1)
            await harness.drain()
            #expect(try await harness.activities(user).count == 1)
            #expect(harness.simulator.stats.streamsByActivity[id] == 1)
            // A later creation event for it (another delivery time, so another event) and an
            // enrichment asked by the sync: the activity is enriched already, nothing is fetched.
            var later = event
            later["event_time"] = 1_796_205_100
            #expect(await harness.simulator.post(rawEvent: later) == .ok)
            await harness.app.analysisTasks.waitForAll()
            let userID = try #require(UUID(uuidString: user.id))
            try await StravaJobQueue(application: harness.app).enqueue(userID: userID, kind: .enrich, stravaID: id, priority: StravaJob.Priority.recent)
            let reads = harness.simulator.stats.readRequests
            await harness.drain()
            #expect(harness.simulator.stats.streamsByActivity[id] == 1)
            #expect(harness.simulator.stats.readRequests == reads)
        }
    }

    @Test func deauthorizationDeletesTokensAndStravaData() async throws {
        try await StravaHarness.run { harness in
            _ = try await harness.subscribe()
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 704)
            harness.simulator.addHistory(athleteID: 704, count: 4, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 704)
            await harness.drain()
            #expect(try await harness.activities(user).count == 4)
            let sealed = try #require(try await harness.connection(user)).accessTokenSealed
            // The athlete revokes athletIQ in Strava's settings.
            harness.simulator.revokeTokens(athleteID: 704)
            await harness.simulator.deliver(objectType: "athlete", objectID: 704, aspectType: "update", ownerID: 704,
                                            updates: ["authorized": "false"])
            await harness.app.analysisTasks.waitForAll()
            #expect(try await harness.connection(user) == nil)
            #expect(try await harness.activities(user).isEmpty)
            #expect(try await DatabaseScan.columnsContaining(sealed, in: harness.app.db).isEmpty)
            #expect(try await StravaJob.query(on: harness.app.db).count() == 0)
            #expect(try await ActivityStream.query(on: harness.app.db).count() == 0)
            // The account itself stays.
            try await harness.app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func anEventStoredButNotProcessedIsPickedUpLater() async throws {
        try await StravaHarness.run { harness in
            let subscription = try await harness.subscribe()
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 705)
            try await harness.connect(user, athleteID: 705)
            await harness.drain()
            let id = harness.simulator.addActivity(athleteID: 705, start: StravaHarness.start.addingTimeInterval(-900))
            // As if the process died right after storing the event.
            let processor = StravaWebhookProcessor(services: try harness.services)
            let stored = try await processor.store(.init(subscriptionID: subscription, ownerID: 705, objectType: "activity", objectID: id,
                                                         aspectType: "create", updates: [:], eventTime: 1_796_205_100))
            #expect(stored.stored)
            harness.clock.advance(by: 120)
            await harness.app.stravaWorker.housekeeping()
            await harness.drain()
            #expect(try await harness.activities(user).first?.stravaID == id)
        }
    }
}

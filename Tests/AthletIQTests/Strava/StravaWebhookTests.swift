@testable import AthletIQ
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor
import VaporTesting

@Suite struct StravaWebhookTests {
    @Test func theChallengeIsAnsweredOnlyWithTheVerifyToken() async throws {
        try await StravaHarness.run { harness in
            let good = "api/v1/webhooks/strava?hub.mode=subscribe&hub.challenge=15f7d1a9&hub.verify_token=\(StravaHarness.verifyToken)"
            try await harness.app.testing().test(.GET, good) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json()["hub.challenge"] as? String == "15f7d1a9")
            }
            try await harness.app.testing().test(.GET, "api/v1/webhooks/strava?hub.mode=subscribe&hub.challenge=x&hub.verify_token=wrong") { res async in
                #expect(res.status == .forbidden)
            }
            try await harness.app.testing().test(.POST, "api/v1/webhooks/strava", headers: TestUsers.jsonHeaders,
                                                 body: ByteBuffer(string: "{not json")) { res async in
                #expect(res.status == .badRequest)
            }
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
            // Another application's subscription id: stored, ignored.
            var foreign = event
            foreign["subscription_id"] = subscription + 1000
            foreign["event_time"] = 1_796_205_001
            #expect(await harness.simulator.post(rawEvent: foreign) == .ok)
            // An athlete nobody connected here: ignored.
            var stranger = event
            stranger["owner_id"] = 99_999
            stranger["event_time"] = 1_796_205_002
            #expect(await harness.simulator.post(rawEvent: stranger) == .ok)
            await harness.app.analysisTasks.waitForAll()
            let events = try await StravaWebhookEvent.query(on: harness.app.db).all()
            #expect(events.filter { $0.status == .ignored }.count == 2)
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
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 705)
            try await harness.connect(user, athleteID: 705)
            await harness.drain()
            let id = harness.simulator.addActivity(athleteID: 705, start: StravaHarness.start.addingTimeInterval(-900))
            // As if the process died right after storing the event.
            let processor = StravaWebhookProcessor(services: try harness.services)
            let stored = try await processor.store(.init(subscriptionID: 1, ownerID: 705, objectType: "activity", objectID: id,
                                                         aspectType: "create", updates: [:], eventTime: 1_796_205_100))
            #expect(stored.stored)
            harness.clock.advance(by: 120)
            await harness.app.stravaWorker.housekeeping()
            await harness.drain()
            #expect(try await harness.activities(user).first?.stravaID == id)
        }
    }
}

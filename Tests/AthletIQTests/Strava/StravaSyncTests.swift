@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor
import VaporTesting

@Suite struct StravaSyncTests {
    @Test func syncImportsSummariesThenEnrichesWithTwoReadsEach() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 601)
            let newest = StravaHarness.start.addingTimeInterval(-7200)
            harness.simulator.addHistory(athleteID: 601, count: 5, newest: newest)
            harness.simulator.addActivity(athleteID: 601, sportType: "TrailRun", start: newest.addingTimeInterval(-10 * 86_400),
                                          name: "Secret loop", isPrivate: true, description: "Only for me")
            harness.simulator.addActivity(athleteID: 601, sportType: "WeightTraining", start: newest.addingTimeInterval(-11 * 86_400),
                                          seconds: 2700, manual: true)
            try await harness.connect(user, athleteID: 601)
            let done = await harness.drain()
            #expect(done >= 8)
            let activities = try await harness.activities(user)
            #expect(activities.count == 7)
            #expect(activities.allSatisfy { $0.source == "strava" && $0.enrichedAt != nil })
            let trail = try #require(activities.first { $0.name == "Secret loop" })
            #expect(trail.sport == "trail_run")
            #expect(trail.isPrivate)
            #expect(trail.descriptionText == "Only for me")
            #expect(trail.device == "Garmin Forerunner 955")
            #expect(trail.hasSamples && trail.hasPosition && trail.hasHeartRate)
            #expect(LapDTO.decode(trail.lapsJSON).count >= 1)
            #expect(trail.load != nil)
            let manual = try #require(activities.first { $0.sport == "strength" })
            #expect(manual.hasSamples == false)
            // Samples in the shared format, with the Strava-only channels.
            let stream = try #require(try await ActivityStream.query(on: harness.app.db).filter(\.$activity.$id == trail.requireID()).first())
            let series = try SampleCodec.decode(stream.data)
            #expect(series.count == 3600)
            #expect(series.has(.grade) && series.has(.moving))
            // Reads: one list page per 200 (a short page is the last: no empty page is read),
            // then detail + streams per activity (detail only for the one entered by hand).
            let paths = harness.simulator.stats.byPath
            #expect(paths["api/v3/athlete/activities"] == 1)
            #expect(paths["api/v3/athlete"] == 1, "the gear list, once a sync (profile:read_all)")
            // The athlete's gear list names the gear (a retired pair too); summaries' gear_id link it.
            let gear = try await Gear.query(on: harness.app.db).all()
            #expect(Set(gear.map(\.name)) == ["Canyon Endurace", "Hoka Speedgoat 5", "Old Pegasus"])
            #expect(gear.first { $0.name == "Old Pegasus" }?.retiredAt != nil)
            let speedgoat = try #require(gear.first { $0.stravaID == "g67890" })
            #expect(speedgoat.kind == "shoes" && speedgoat.name == "Hoka Speedgoat 5")
            #expect(trail.gearID == speedgoat.id && trail.gear == "Hoka Speedgoat 5")
            #expect(paths["api/v3/activities/:id"] == 7)
            #expect(paths["api/v3/activities/:id/streams"] == 6)
            #expect(harness.simulator.stats.rateLimited == 0)
            let reads = harness.simulator.stats.readRequests
            #expect(Double(reads - 2) / 7 <= 2)
            // Status and queue agree.
            try await harness.app.testing().test(.GET, "api/v1/strava/status", headers: user.bearer) { res async throws in
                let body = try res.json()
                let counts = body["activities"] as? [String: Any]
                #expect(counts?["total"] as? Int == 7)
                #expect(counts?["enriched"] as? Int == 7)
                #expect((body["sync"] as? [String: Any])?["status"] as? String == "done")
            }
        }
    }

    @Test func aPeriodLimitsTheImportAndAResyncDuplicatesNothing() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 602)
            harness.simulator.addHistory(athleteID: 602, count: 20, newest: StravaHarness.start.addingTimeInterval(-3600), spacing: 3 * 86_400)
            try await harness.connect(user, athleteID: 602)
            await harness.drain()
            #expect(try await harness.activities(user).count == 20)
            for period in ["7", "all"] {
                try await harness.app.testing().test(.POST, "api/v1/strava/sync", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                                     body: TestUsers.json(["period": period])) { res async in
                    #expect(res.status == .accepted)
                }
                await harness.drain()
                #expect(try await harness.activities(user).count == 20)
            }
            let connection = try #require(try await harness.connection(user))
            #expect(connection.syncStatus == "done")
            try await harness.app.testing().test(.POST, "api/v1/strava/sync", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                                 body: TestUsers.json(["period": "12"])) { res async in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }

    @Test func anExpiredTokenIsRefreshedAndTheRotatedOneKept() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 603)
            harness.simulator.addHistory(athleteID: 603, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 603)
            let before = try #require(try await harness.connection(user))
            let tokens = try harness.services.tokens
            let firstRefresh = try tokens.open(before.refreshTokenSealed)
            // Six hours later the token has expired: the next call refreshes first.
            harness.clock.advance(by: 6 * 3600 + 60)
            await harness.drain()
            #expect(harness.simulator.stats.refreshes == 1)
            let after = try #require(try await harness.connection(user))
            let rotated = try tokens.open(after.refreshTokenSealed)
            #expect(rotated != firstRefresh)
            #expect(harness.simulator.refreshTokens(athleteID: 603) == [rotated])
            #expect(try await harness.activities(user).count == 2)
            // A token Strava stops accepting early: refreshed once on the 401, then the call succeeds.
            harness.simulator.expireTokens(athleteID: 603)
            harness.simulator.addActivity(athleteID: 603, start: StravaHarness.start.addingTimeInterval(-600))
            try await harness.app.testing().test(.POST, "api/v1/strava/sync", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                                 body: TestUsers.json(["period": "30"])) { _ async in }
            await harness.drain()
            #expect(try await harness.activities(user).count == 3)
        }
    }

    @Test func revokedTokensStopTheUsersJobsAndAskToReconnect() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 604)
            harness.simulator.addHistory(athleteID: 604, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 604)
            harness.simulator.revokeTokens(athleteID: 604)
            await harness.drain()
            let connection = try #require(try await harness.connection(user))
            #expect(connection.status == "reauthorize")
            let failed = try await StravaJob.query(on: harness.app.db).filter(\.$status == .failed).all()
            #expect(failed.count == 1)
            #expect(failed.first?.lastError?.contains("refused") == true)
            // Reconnecting makes it active again.
            try await harness.connect(user, athleteID: 604)
            #expect(try await harness.connection(user)?.status == "active")
            await harness.drain()
            #expect(try await harness.activities(user).count == 2)
        }
    }

    @Test func aServerErrorStormIsRetriedWithBackoff() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 605)
            harness.simulator.addHistory(athleteID: 605, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 605)
            var faults = SimulatedFaults()
            faults.serverErrors = 2
            harness.simulator.setFaults(faults)
            await harness.drain()
            // The sync page failed and waits for its backoff, its error kept.
            let waiting = try #require(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .sync).first())
            #expect(waiting.status == .pending)
            #expect(waiting.lastError?.contains("503") == true)
            #expect(waiting.runAfter > harness.clock.now().timeIntervalSince1970)
            for _ in 0..<3 {
                harness.clock.advance(by: 600)
                await harness.drain()
            }
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 3)
            // A storm longer than the attempts: the history list is not given up. It waits, says
            // why, is tried again at least once per window, and goes on when Strava answers.
            faults.serverErrors = 100
            harness.simulator.setFaults(faults)
            try await harness.app.testing().test(.POST, "api/v1/strava/sync", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                                 body: TestUsers.json(["period": "7"])) { _ async in }
            for _ in 0..<4 {
                await harness.drain()
                harness.clock.advance(by: 3600)
            }
            let retried = try #require(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .sync).filter(\.$status == .pending).first())
            #expect(retried.attempts > StravaJobQueue.maxAttempts)
            #expect(retried.runAfter - harness.clock.now().timeIntervalSince1970 <= 900)
            try await harness.app.testing().test(.GET, "api/v1/strava/status", headers: user.bearer) { res async throws in
                let body = try res.json()
                #expect((body["sync"] as? [String: Any])?["status"] as? String == "waiting")
                #expect((body["last_error"] as? String)?.contains("503") == true)
            }
            try await harness.app.testing().test(.GET, "strava", headers: user.browser()) { res async in
                #expect(res.body.string.contains("Waiting for Strava"))
                #expect(res.body.string.contains("Strava answered 503"))
            }
            harness.simulator.setFaults(SimulatedFaults())
            harness.clock.advance(by: 900)
            await harness.drain()
            let connection = try #require(try await harness.connection(user))
            #expect(connection.syncStatus == "done")
            #expect(connection.lastError == nil)
        }
    }

    @Test func spentQuotaPausesTheWorkUntilTheWindowResetsWithoutA429() async throws {
        try await StravaHarness.run(["STRAVA_READ_LIMIT": "10,1000", "STRAVA_INTERACTIVE_RESERVE": "20%"],
                                    configure: { $0.readLimit = StravaLimitPair(short: 10, daily: 1000) }) { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 606)
            harness.simulator.addHistory(athleteID: 606, count: 12, newest: StravaHarness.start.addingTimeInterval(-3600))
            // Without profile:read_all: no gear list is read, the counts below are activities' alone.
            try await harness.connect(user, athleteID: 606, scopes: ["read", "activity:read_all"])
            // Background may use 8 of the 10 reads of this window: the list page and three
            // activities (two reads each) take 7, the next activity would overshoot, so it waits.
            await harness.drain()
            #expect(harness.simulator.readUsage().short == 7)
            let quota = try harness.services.quota
            let reset = try #require(try await quota.nextAvailable(for: .background, units: StravaJobProcessor.readsPerActivity))
            #expect(reset == StravaRateWindows.nextShortReset(after: harness.clock.now()))
            try await harness.app.testing().test(.GET, "api/v1/strava/quota", headers: user.bearer) { res async throws in
                let windows = try res.json()["windows"] as? [[String: Any]] ?? []
                let short = windows.first { $0["kind"] as? String == "read" && $0["period"] as? String == "15min" }
                #expect(short?["used"] as? Int == 7)
                #expect(short?["limit"] as? Int == 10)
                #expect(short?["reserved_for_interactive"] as? Int == 2)
            }
            try await harness.app.testing().test(.GET, "api/v1/strava/queue", headers: user.bearer) { res async throws in
                let body = try res.json()
                #expect((body["pending"] as? Int ?? 0) > 0)
                #expect((body["estimated_wait_seconds"] as? Double ?? 0) > 0)
            }
            // The user asks for one activity now: the interactive share serves it.
            let waiting = try #require(try await harness.activities(user).first { $0.enrichedAt == nil })
            try await harness.app.testing().test(.POST, "api/v1/strava/activities/\(try waiting.requireID())/enrich",
                                                 headers: user.bearer) { res async in
                #expect(res.status == .accepted)
            }
            await harness.drain()
            #expect(try await Activity.find(waiting.requireID(), on: harness.app.db)?.enrichedAt != nil)
            #expect(harness.simulator.readUsage().short == 9)
            // The worker sleeps through the windows (the clock jumps) and finishes; Strava never said 429.
            await harness.drain(until: StravaHarness.start.addingTimeInterval(3 * 3600))
            #expect(try await harness.activities(user).allSatisfy { $0.enrichedAt != nil })
            #expect(harness.simulator.stats.rateLimited == 0)
            #expect(harness.simulator.stats.overLimit == 0)
            #expect(harness.simulator.stats.maxShortReadUsage <= 10)
        }
    }

    @Test func a429StopsEveryCallUntilTheWindowResets() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 607)
            harness.simulator.addHistory(athleteID: 607, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 607)
            var faults = SimulatedFaults()
            faults.forcedRateLimits = 1
            harness.simulator.setFaults(faults)
            await harness.drain()
            #expect(harness.simulator.stats.rateLimited == 1)
            #expect(harness.simulator.stats.apiRequests == 1)
            let snapshot = try await harness.services.quota.snapshot()
            #expect(snapshot.blockedUntil == StravaRateWindows.nextShortReset(after: harness.clock.now()))
            // Not even an interactive call goes out while blocked.
            #expect(try await harness.services.quota.nextAvailable(for: .interactive) != nil)
            harness.clock.set(StravaRateWindows.nextShortReset(after: harness.clock.now()))
            await harness.drain()
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 3)
            #expect(harness.simulator.stats.rateLimited == 1)
        }
    }

    @Test func aSlowStravaIsAbandonedAndRetried() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 608)
            harness.simulator.addHistory(athleteID: 608, count: 1, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 608)
            var faults = SimulatedFaults()
            faults.slowRequests = 1
            faults.slowSeconds = 3
            harness.simulator.setFaults(faults)
            harness.app.stravaHTTPTimeout = .seconds(1)
            await harness.drain()
            let job = try #require(try await StravaJob.query(on: harness.app.db).filter(\.$kind == .sync).first())
            #expect(job.status == .pending)
            #expect(job.lastError?.contains("unreachable") == true)
            harness.clock.advance(by: 120)
            await harness.drain()
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 1)
        }
    }
}

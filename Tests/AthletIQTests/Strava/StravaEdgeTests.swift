@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor

/// What goes wrong at the edges of Strava: expired tokens, activities deleted without a
/// webhook, a sync cut off by a refused authorization.
@Suite struct StravaEdgeTests {
    @Test func anExpiredTokenCostsOneRefreshAndNoWastedRead() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 701)
            harness.simulator.addHistory(athleteID: 701, count: 2, newest: StravaHarness.start.addingTimeInterval(-86_400 * 3))
            try await harness.connect(user, athleteID: 701)
            await harness.drain()
            // Seven hours later the token has expired, and there are four new activities.
            harness.clock.advance(by: 7 * 3600)
            for hour in 1...4 {
                harness.simulator.addActivity(athleteID: 701, start: harness.clock.now().addingTimeInterval(-Double(hour) * 3600))
            }
            var before = harness.simulator.stats
            try await harness.sync(user)
            await harness.drain()
            let after = harness.simulator.stats
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 6)
            // One short list page (no read of an empty page after it), then detail and streams
            // of each new activity, all with the refreshed token: no 401 to pay for.
            #expect(after.refreshes - before.refreshes == 1)
            #expect(after.apiRequests - before.apiRequests == 1 + 4 * 2)

            // Strava ends the token early: one 401, one refresh, and every later call of every job
            // uses the new token.
            for minute in 1...2 {
                harness.simulator.addActivity(athleteID: 701, start: harness.clock.now().addingTimeInterval(-Double(minute) * 60))
            }
            harness.simulator.expireTokens(athleteID: 701)
            before = harness.simulator.stats
            try await harness.sync(user)
            await harness.drain()
            let last = harness.simulator.stats
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 8)
            #expect(last.refreshes - before.refreshes == 1)
            #expect(last.apiRequests - before.apiRequests == 1 + 1 + 2 * 2)
        }
    }

    @Test func anActivityDeletedAtStravaWithoutAWebhookIsRemovedNotLeftWaiting() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 702)
            let ids = harness.simulator.addHistory(athleteID: 702, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 702)
            // The list is read, then one activity is deleted at Strava before its enrichment.
            var sync = 0
            while sync == 0 {
                _ = await harness.app.stravaWorker.runUntilIdle(until: nil, maximumJobs: 1)
                sync = try await StravaJob.query(on: harness.app.db).filter(\.$kind == .sync).filter(\.$status == .done).count()
            }
            #expect(try await harness.activities(user).count == 3)
            harness.simulator.deleteActivity(ids[1])
            await harness.drain()
            let left = try await harness.activities(user)
            #expect(left.count == 2)
            #expect(!left.contains { $0.stravaID == ids[1] })
            #expect(try await StravaJob.query(on: harness.app.db).filter(\.$status ~~ [.pending, .failed]).count() == 0)
            try await harness.app.testing().test(.GET, "api/v1/strava/status", headers: user.bearer) { res async throws in
                let activities = try res.json()["activities"] as? [String: Any]
                #expect(activities?["waiting_for_enrichment"] as? Int == 0)
            }
        }
    }

    @Test func aFailedStreamsCallIsRetriedWithoutFetchingTheDetailAgain() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 704)
            let ids = harness.simulator.addHistory(athleteID: 704, count: 2, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 704)
            var faults = SimulatedFaults()
            faults.serverErrors = 1
            faults.serverErrorsPath = "/streams"
            harness.simulator.setFaults(faults)
            await harness.drain()
            harness.clock.advance(by: 120)
            await harness.drain()
            #expect(try await harness.activities(user).allSatisfy { $0.enrichedAt != nil })
            let stats = harness.simulator.stats
            #expect(ids.allSatisfy { stats.detailsByActivity[$0] == 1 })
            // Three streams calls: one refused with a 503, then one per activity.
            #expect(stats.byPath["api/v3/activities/:id/streams"] == 3)
            #expect(stats.byPath["api/v3/activities/:id"] == 2)
        }
    }

    @Test func aSyncCutOffByARefusalSaysSoAndGoesOnAfterReconnecting() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 703)
            harness.simulator.addHistory(athleteID: 703, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 703)
            harness.simulator.revokeTokens(athleteID: 703)
            await harness.drain()
            var connection = try #require(try await harness.connection(user))
            #expect(connection.status == "reauthorize")
            #expect(connection.syncStatus == "failed")
            #expect(connection.lastError?.contains("refused") == true)
            try await harness.app.testing().test(.GET, "strava", headers: user.browser()) { res async in
                #expect(res.body.string.contains("Stopped"))
            }
            // Reconnecting resumes the import where it stopped, with no button to press.
            try await harness.connect(user, athleteID: 703)
            await harness.drain()
            connection = try #require(try await harness.connection(user))
            #expect(connection.status == "active")
            #expect(connection.syncStatus == "done")
            #expect(connection.lastError == nil)
            #expect(try await harness.activities(user).filter { $0.enrichedAt != nil }.count == 3)
        }
    }
}

/// Many athletes share one small quota: a newcomer must not wait for everyone else's window.
@Suite struct StravaNewcomerTests {
    @Test func aNewcomerSeesTheirHistoryAndLatestActivitiesWhileOthersHaveSpentTheWindow() async throws {
        try await StravaHarness.run { harness in
            // Five athletes with two weeks of daily activities connect first and spend the
            // background share of the window on their recent activities.
            for index in 0..<5 {
                let heavy = try await TestUsers.signUp(harness.app)
                let athleteID = Int64(810 + index)
                harness.simulator.addAthlete(id: athleteID)
                harness.simulator.addHistory(athleteID: athleteID, count: 40, newest: StravaHarness.start.addingTimeInterval(-3600),
                                             spacing: 8 * 3600)
                try await harness.connect(heavy, athleteID: athleteID)
            }
            await harness.drain()
            let spent = harness.simulator.readUsage().short
            #expect(spent >= 88)
            let waiting = try await Activity.query(on: harness.app.db).filter(\.$enrichedAt == nil).count()
            #expect(waiting > 50)

            // A newcomer connects in the same window: their list and their latest three come
            // out of the share kept for current work, now, not in the next window.
            let newcomer = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 820)
            harness.simulator.addHistory(athleteID: 820, count: 30, newest: StravaHarness.start.addingTimeInterval(-7200))
            try await harness.connect(newcomer, athleteID: 820)
            await harness.drain()
            let theirs = try await harness.activities(newcomer)
            #expect(theirs.count == 30)
            #expect(theirs.prefix(3).allSatisfy { $0.enrichedAt != nil })
            #expect(harness.simulator.readUsage().short <= 100)
            #expect(harness.simulator.stats.rateLimited == 0)
        }
    }
}

/// Strava's windows are its own quarter hours: a clock here that is minutes off must neither
/// waste a window nor call into a spent one.
@Suite struct StravaClockSkewTests {
    @Test(arguments: [300.0, -300.0])
    func windowsFollowStravasClock(skew: Double) async throws {
        try await StravaHarness.run(["STRAVA_READ_LIMIT": "10,1000", "STRAVA_INTERACTIVE_RESERVE": "20%"], configure: { configuration in
            configuration.readLimit = StravaLimitPair(short: 10, daily: 1000)
            let now = configuration.now
            configuration.now = { now().addingTimeInterval(skew) }
        }) { harness in
            // 10:14 here: one minute before our quarter hour, not Strava's.
            harness.clock.advance(by: 12 * 60)
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 830)
            harness.simulator.addHistory(athleteID: 830, count: 12, newest: harness.clock.now().addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 830)
            await harness.drain()
            #expect(abs(harness.app.stravaClockOffset.current - skew) <= 1)
            // The window that is spent resets at Strava's quarter hour, given on our clock.
            let stravaReset = StravaRateWindows.nextShortReset(after: harness.clock.now().addingTimeInterval(skew))
            let reset = try #require(try await harness.services.quota.nextAvailable(for: .background, units: StravaJobProcessor.readsPerActivity))
            #expect(abs(reset.timeIntervalSince(stravaReset.addingTimeInterval(-skew))) < 1)
            #expect(reset != StravaRateWindows.nextShortReset(after: harness.clock.now()))
            await harness.drain(until: harness.clock.now().addingTimeInterval(3 * 3600))
            #expect(try await harness.activities(user).allSatisfy { $0.enrichedAt != nil })
            #expect(harness.simulator.stats.rateLimited == 0)
            #expect(harness.simulator.stats.overLimit == 0)
        }
    }

    @Test func httpDatesAreReadStrictly() {
        #expect(StravaClockOffset.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT")?.timeIntervalSince1970 == 784_111_777)
        #expect(StravaClockOffset.parseHTTPDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(StravaClockOffset.parseHTTPDate("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        #expect(StravaClockOffset.parseHTTPDate("") == nil)
        let offset = StravaClockOffset()
        let sent = Date(timeIntervalSince1970: 784_111_000)
        // Two hours off is a broken clock: ignored.
        #expect(offset.learn(dateHeader: "Sun, 06 Nov 1994 10:49:37 GMT", sent: sent, received: sent) == 0)
        #expect(offset.learn(dateHeader: "Sun, 06 Nov 1994 08:49:37 GMT", sent: sent, received: sent.addingTimeInterval(1)) == 777)
    }
}

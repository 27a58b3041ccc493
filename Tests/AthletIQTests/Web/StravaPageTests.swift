@testable import AthletIQ
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct StravaPageTests {
    static let now = Date(timeIntervalSince1970: 1_796_205_720)

    static var quota: QuotaSnapshot {
        QuotaSnapshot(windows: [
            .init(name: "read 15-minute", kind: "read", period: "15min", used: 93, limit: 100, reservedForInteractive: 10,
                  resetsAt: now.addingTimeInterval(480)),
            .init(name: "read daily", kind: "read", period: "daily", used: 720, limit: 1000, reservedForInteractive: 100,
                  resetsAt: now.addingTimeInterval(50_000)),
            .init(name: "overall 15-minute", kind: "overall", period: "15min", used: 93, limit: 200, reservedForInteractive: 20,
                  resetsAt: now.addingTimeInterval(480)),
        ], blockedUntil: nil)
    }

    static var connected: StravaStatusResponse {
        StravaStatusResponse(configured: true, connected: true, athleteId: 501, athleteName: "Ada <Runner>",
                             scopes: ["read", "activity:read"], privateActivities: false, status: "active", connectedAt: now,
                             sync: .init(status: "running", periodDays: 90, fetched: 400, nextPage: 3, startedAt: now, finishedAt: nil),
                             activities: .init(total: 400, enriched: 120, waitingForEnrichment: 280))
    }

    @Test func connectedPageShowsProgressQueueAndGauges() throws {
        let queue = StravaQueueResponse(pending: 280, running: 1, failed: 2, position: 14, estimatedWaitSeconds: 1500,
                                        estimatedCompletionSeconds: 5 * 86_400, lastError: "Strava answered 503")
        let model = StravaPage.Model(configured: true, status: Self.connected, queue: queue, quota: Self.quota,
                                     message: "strava.connected", now: Self.now)
        let html = StravaPage.render(model, context: PageSnapshotTests.context)
        #expect(html.contains("Ada &lt;Runner&gt;"))
        #expect(html.contains("class=\"gauge danger\""))   // 93 % of the quarter-hour
        #expect(html.contains("class=\"gauge warn\""))     // 72 % of the day
        #expect(html.contains("aria-valuenow=\"30\""))      // 120 of 400 enriched
        #expect(!html.contains("style="))                   // the CSP allows no inline styles
        #expect(html.contains("25 min"))
        #expect(html.contains("Private activities are not imported"))
        try PageSnapshotTests().assertSnapshot(html, named: "strava-connected")
        var french = PageSnapshotTests.context
        french.language = .fr
        try PageSnapshotTests().assertSnapshot(StravaPage.render(model, context: french), named: "strava-connected-fr")
    }

    @Test func notConnectedAndNotConfigured() throws {
        let offer = StravaPage.render(StravaPage.Model(configured: true, quota: Self.quota, message: "strava.error.wrong_scopes",
                                                       isError: true, now: Self.now), context: PageSnapshotTests.context)
        #expect(offer.contains("href=\"/api/v1/auth/strava/login\""))
        #expect(offer.contains("role=\"alert\""))
        try PageSnapshotTests().assertSnapshot(offer, named: "strava-connect")
        let off = StravaPage.render(StravaPage.Model(configured: false, now: Self.now), context: PageSnapshotTests.context)
        #expect(off.contains("STRAVA_CLIENT_ID"))
        #expect(!off.contains("/api/v1/auth/strava/login"))
    }

    @Test func thePageAndItsFormsOverHTTP() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            try await harness.app.testing().test(.GET, "strava", headers: user.browser()) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("/api/v1/auth/strava/login"))
            }
            harness.simulator.addAthlete(id: 990)
            harness.simulator.addHistory(athleteID: 990, count: 4, newest: StravaHarness.start.addingTimeInterval(-3600))
            let location = try await harness.connect(user, athleteID: 990)
            let path = String(location.dropFirst("http://localhost:8080/".count))
            try await harness.app.testing().test(.GET, path, headers: user.browser()) { res async in
                #expect(res.body.string.contains("Strava is connected"))
                #expect(res.body.string.contains("4 activities listed") == false)
            }
            await harness.drain()
            try await harness.app.testing().test(.GET, "strava?error=denied", headers: user.browser()) { res async in
                #expect(res.body.string.contains("You declined"))
                #expect(res.body.string.contains("4 activities listed · 4 with details and streams"))
            }
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await harness.app.testing().test(.POST, "strava/sync", headers: form, body: ByteBuffer(string: "period=30&_csrf=\(csrf)")) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/strava?done=syncStarted")
            }
            try await harness.app.testing().test(.POST, "strava/disconnect", headers: form, body: ByteBuffer(string: "_csrf=\(csrf)")) { res async in
                #expect(res.headers.first(name: .location) == "/strava?done=disconnected")
            }
            #expect(try await harness.connection(user) == nil)
            // Without the CSRF token the form is refused.
            try await harness.app.testing().test(.POST, "strava/sync", headers: user.browser(csrf: false).merging(["Content-Type": "application/x-www-form-urlencoded"]),
                                                 body: ByteBuffer(string: "period=30")) { res async in
                #expect(res.status == .forbidden)
            }
        }
    }
}

@testable import AthletIQ
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor
import VaporTesting

@Suite struct StravaConnectTests {
    @Test func connectingStoresTheAthleteAndSealedTokens() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            let location = try await harness.connect(user, athleteID: 501)
            #expect(location == "http://localhost:8080/strava?connected=1")
            let connection = try #require(try await harness.connection(user))
            #expect(connection.athleteID == 501)
            #expect(connection.scopeList.sorted() == ["activity:read_all", "profile:read_all", "read"])
            #expect(connection.status == "active")
            // The tokens the simulator issued are nowhere in the database, in any column.
            let tokens = harness.simulator.accessTokens(athleteID: 501) + harness.simulator.refreshTokens(athleteID: 501)
            #expect(tokens.count == 2)
            for token in tokens {
                #expect(try await DatabaseScan.columnsContaining(token, in: harness.app.db).isEmpty)
            }
            // But they open with the key.
            let tokenService = try harness.services.tokens
            #expect(try tokenService.open(connection.accessTokenSealed) == harness.simulator.accessTokens(athleteID: 501).first)
            // A full sync of summaries starts at once.
            #expect(connection.syncStatus == "running")
            try await harness.app.testing().test(.GET, "api/v1/strava/status", headers: user.bearer) { res async throws in
                let body = try res.json()
                #expect(body["connected"] as? Bool == true)
                #expect(body["athlete_id"] as? Int == 501)
                #expect(body["private_activities"] as? Bool == true)
            }
        }
    }

    @Test func callbackFailuresAreExplained() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            #expect(try await harness.connect(user, athleteID: 502, deny: true) == "http://localhost:8080/strava?error=denied")
            #expect(try await harness.connect(user, athleteID: 502, scopes: ["read"]) == "http://localhost:8080/strava?error=wrong_scopes")
            #expect(try await harness.connect(user, athleteID: 502, tamperState: true) == "http://localhost:8080/strava?error=bad_state")
            #expect(try await harness.connection(user) == nil)
            // Read-only activity scope is accepted: private activities are then out of reach.
            #expect(try await harness.connect(user, athleteID: 502, scopes: ["read", "activity:read"]) == "http://localhost:8080/strava?connected=1")
            #expect(try await harness.connection(user)?.scopeList.contains("activity:read_all") == false)

            // Missing code, and a state replayed or used from another session.
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/callback?state=abc", headers: user.browser()) { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/strava?error=bad_state")
            }
            var stateValue = ""
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/login", headers: user.browser()) { res async in
                let location = res.headers.first(name: .location) ?? ""
                stateValue = URLComponents(string: location)?.queryItems?.first { $0.name == "state" }?.value ?? ""
            }
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/callback?state=\(stateValue)&scope=read,activity:read_all",
                                                 headers: user.browser()) { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/strava?error=missing_code")
            }
            // Another user cannot finish this user's connection, nor can an anonymous visitor.
            let other = try await TestUsers.signUp(harness.app)
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/login", headers: user.browser()) { res async in
                let location = res.headers.first(name: .location) ?? ""
                stateValue = URLComponents(string: location)?.queryItems?.first { $0.name == "state" }?.value ?? ""
            }
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/callback?state=\(stateValue)&code=x&scope=read,activity:read_all",
                                                 headers: other.browser()) { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/strava?error=bad_state")
            }
            try await harness.app.testing().test(.GET, "api/v1/auth/strava/callback?state=\(stateValue)&code=x") { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/login?error=strava_not_signed_in")
            }
        }
    }

    @Test func oneAthleteBelongsToOneAccount() async throws {
        try await StravaHarness.run { harness in
            let first = try await TestUsers.signUp(harness.app)
            let second = try await TestUsers.signUp(harness.app)
            _ = try await harness.connect(first, athleteID: 503)
            await harness.drain()
            #expect(try await harness.connect(second, athleteID: 503) == "http://localhost:8080/strava?error=already_linked")
            #expect(try await harness.connection(second) == nil)
            // Strava replaced the first account's tokens with the new grant: the first account
            // got them and keeps working, with no reconnection.
            harness.simulator.addActivity(athleteID: 503, start: StravaHarness.start.addingTimeInterval(-600))
            try await harness.sync(first)
            await harness.drain()
            #expect(try await harness.connection(first)?.status == "active")
            #expect(try await harness.activities(first).filter { $0.enrichedAt != nil }.count == 1)
        }
    }

    @Test func thePushSubscriptionIsManagedEvenWhileTheAPIIsBlocked() async throws {
        try await StravaHarness.run { harness in
            let subscriptions = StravaWebhookSubscriptions(services: try harness.services)
            _ = try await harness.subscribe()
            // Strava's own words when a subscription exists already.
            do {
                _ = try await harness.subscribe()
                Issue.record("a second subscription was accepted")
            } catch {
                #expect(String(describing: error).contains("already exists"))
            }
            // A 429 blocks the API's rate-limited calls, not the subscription's.
            try await harness.services.quota.block(dailySpent: true)
            #expect(try await subscriptions.list().count == 1)
        }
    }

    @Test func disconnectRevokesAtStravaAndDeletesStravaData() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 504)
            harness.simulator.addHistory(athleteID: 504, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 504)
            await harness.drain()
            #expect(try await harness.activities(user).count == 3)
            // A file upload stays: it is the user's own, not Strava's.
            _ = try await ActivityImporter(database: harness.app.db, userID: UUID(uuidString: user.id)!, logger: harness.app.logger)
                .importUpload(name: "lake.gpx", data: try TestFiles.data("gpx/gpxpy-cerknicko-jezero.gpx"))
            try await harness.app.testing().test(.DELETE, "api/v1/strava/connection", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            #expect(harness.simulator.accessTokens(athleteID: 504).isEmpty)
            #expect(try await harness.connection(user) == nil)
            let left = try await harness.activities(user)
            #expect(left.count == 1, "\(left.map(\.source))")
            #expect(left.first?.source == "file")
            #expect(try await StravaJob.query(on: harness.app.db).count() == 0)
        }
    }

    @Test func withoutConfigurationStravaSaysSo() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.GET, "api/v1/auth/strava/login", headers: user.bearer) { res async in
                #expect(res.status == .notFound)
                #expect(res.errorCode == "not_configured")
            }
            try await app.testing().test(.GET, "api/v1/strava/status", headers: user.bearer) { res async throws in
                #expect(try res.json()["configured"] as? Bool == false)
            }
        }
    }
}

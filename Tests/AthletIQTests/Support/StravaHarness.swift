@testable import AthletIQ
import Fluent
import Foundation
import StravaSimulator
import Testing
import Vapor
import VaporTesting

/// An app wired to a local Strava simulator over real HTTP, both on one manual clock (so
/// windows and token expiries can be crossed at will), with the app also listening on a port
/// so the simulator can deliver webhooks and check the subscription challenge.
struct StravaHarness {
    let app: Application
    let simulator: StravaSimulator
    let clock: ManualClock
    let appURL: String

    static let verifyToken = "verify-token-0123456789abcdef"
    /// A Tuesday, 10:02 UTC: well inside a 15-minute window.
    static let start = Date(timeIntervalSince1970: 1_796_205_720)

    static func run(_ environment: [String: String] = [:], configure: (inout StravaSimulator.Configuration) -> Void = { _ in },
                    _ body: (StravaHarness) async throws -> Void) async throws {
        let clock = ManualClock(start)
        var configuration = StravaSimulator.Configuration()
        configuration.now = { clock.now() }
        configure(&configuration)
        let simulator = try await StravaSimulator.start(configuration)
        var values = ["STRAVA_CLIENT_ID": configuration.clientID, "STRAVA_CLIENT_SECRET": configuration.clientSecret,
                      "STRAVA_API_URL": simulator.apiURL, "STRAVA_OAUTH_URL": simulator.oauthURL,
                      "STRAVA_WEBHOOK_VERIFY_TOKEN": verifyToken, "PUBLIC_URL": "http://localhost:8080"]
        values.merge(environment) { $1 }
        do {
            try await withTestApp(values) { app in
                app.clock = clock
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                let port = app.http.server.shared.localAddress?.port ?? 0
                let harness = StravaHarness(app: app, simulator: simulator, clock: clock, appURL: "http://127.0.0.1:\(port)")
                do {
                    try await body(harness)
                } catch {
                    await app.server.shutdown()
                    throw error
                }
                await app.analysisTasks.waitForAll()
                await app.server.shutdown()
            }
        } catch {
            await simulator.shutdown()
            throw error
        }
        await simulator.shutdown()
    }

    var services: StravaServices {
        get throws {
            guard let services = StravaServices(application: app) else { throw Abort(.internalServerError, reason: "Strava off") }
            return services
        }
    }

    /// Signs up a user and connects athlete `athleteID` through the real redirect dance:
    /// our login endpoint, the simulator's authorize page, our callback. Returns the final
    /// redirect's location.
    @discardableResult
    func connect(_ user: SignedInUser, athleteID: Int64, scopes: [String]? = nil, deny: Bool = false,
                 tamperState: Bool = false) async throws -> String {
        simulator.addAthlete(id: athleteID)
        simulator.setConsent(.init(athleteID: athleteID, scopes: scopes, deny: deny))
        var authorize = ""
        try await app.testing().test(.GET, "api/v1/auth/strava/login", headers: user.browser()) { res async throws in
            #expect(res.status == .found)
            authorize = res.headers.first(name: .location) ?? ""
        }
        #expect(authorize.hasPrefix(simulator.oauthURL + "/authorize?"))
        #expect(authorize.contains("scope=read,activity:read_all") || authorize.contains("scope=read%2Cactivity%3Aread_all"))
        let consent = try await app.client.get(URI(string: authorize))
        #expect(consent.status == .found)
        var callback = consent.headers.first(name: .location) ?? ""
        #expect(callback.hasPrefix("http://localhost:8080/api/v1/auth/strava/callback?"))
        if tamperState { callback = callback.replacingOccurrences(of: "state=", with: "state=x") }
        let path = String(callback.dropFirst("http://localhost:8080/".count))
        var location = ""
        try await app.testing().test(.GET, path, headers: user.browser()) { res async throws in
            #expect(res.status == .seeOther)
            location = res.headers.first(name: .location) ?? ""
        }
        return location
    }

    /// Asks for an import of the last `period` days, as the Strava page's button does.
    func sync(_ user: SignedInUser, period: String = "7") async throws {
        try await app.testing().test(.POST, "api/v1/strava/sync", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                     body: TestUsers.json(["period": period])) { res async in #expect(res.status == .accepted) }
    }

    /// Runs the worker until nothing is due; it may sleep (on the manual clock) through
    /// spent windows until `until`.
    @discardableResult
    func drain(until: Date? = nil) async -> Int {
        let done = await app.stravaWorker.runUntilIdle(until: until)
        await app.analysisTasks.waitForAll()
        return done
    }

    /// Creates the push subscription the way `athletiq strava webhook subscribe` does, with our
    /// real listening address as the callback.
    func subscribe() async throws -> Int64 {
        try await StravaWebhookSubscriptions(services: try services).subscribe(callbackBase: appURL + "/api/v1/webhooks/strava").id
    }

    /// The secret webhook path of this app (what Strava posts to).
    var webhookPath: String {
        String(StravaWebhookPath.callbackURL(base: StravaWebhookPath.base, keys: app.settings.secrets.encryptionKeys).dropFirst())
    }

    func connection(_ user: SignedInUser) async throws -> StravaConnection? {
        try await StravaConnection.query(on: app.db).filter(\.$user.$id == UUID(uuidString: user.id)!).first()
    }

    func activities(_ user: SignedInUser) async throws -> [Activity] {
        try await Activity.query(on: app.db).filter(\.$user.$id == UUID(uuidString: user.id)!).sort(\.$startDate, .descending).all()
    }
}

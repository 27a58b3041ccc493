@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import NIOCore

/// Walks every route as an anonymous caller, as another user and as the owner. A route that is
/// added without documentation (and so without a declared access), or without a fixture here,
/// fails this test.
@Suite struct RouteAccessTests {
    /// What the owner sends to a route to succeed.
    struct Fixture {
        var body: [String: Any]?
        var query: String = ""
        /// A raw body with its file name, for uploads.
        var file: (name: String, data: Data)?
        /// An HTML form body (application/x-www-form-urlencoded).
        var form: String?
        /// Files sent as multipart/form-data.
        var multipart: [(name: String, data: Data)]?
        var headers: HTTPHeaders = [:]
    }

    /// The people and things each request is made with.
    struct World {
        var owner: SignedInUser
        var stranger: SignedInUser
        var ownerSessionID: String
        var ownerActivityID: String
        var ownerJobID: String
        var ownerPlanID: String
        var ownerGoalID: String = ""
        var ownerGearID: String = ""
        var ownerFeedFile: String
        var webhookSecret: String
    }

    static func fixtures(_ world: World) -> [String: Fixture] {
        let owner = world.owner
        return [
            "POST /api/v1/auth/signup": Fixture(body: ["full_name": "New", "email": TestUsers.uniqueEmail("walk"), "password": "long enough pw"]),
            "POST /api/v1/auth/login": Fixture(body: ["email": owner.email, "password": owner.password]),
            "POST /api/v1/auth/refresh": Fixture(body: ["refresh_token": owner.refreshToken]),
            "PATCH /api/v1/auth/me": Fixture(body: ["full_name": "Walker"]),
            "POST /api/v1/auth/password": Fixture(body: ["current_password": owner.password, "new_password": "another long pw"]),
            "POST /api/v1/me/delete-strava-data": Fixture(body: ["confirm": "DELETE STRAVA DATA"]),
            "POST /api/v1/me/delete-data": Fixture(body: ["confirm": "DELETE ALL MY DATA"]),
            "DELETE /api/v1/me": Fixture(body: ["confirm": "DELETE MY ACCOUNT", "password": owner.password]),
            "GET /api/v1/auth/google/callback": Fixture(query: "?error=access_denied"),
            "POST /login": Fixture(form: "email=\(owner.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&password=correct+horse+battery",
                                   headers: ["Origin": "http://localhost:8080"]),
            "POST /signup": Fixture(form: "full_name=Page&email=\(TestUsers.uniqueEmail("page").replacingOccurrences(of: "@", with: "%40"))&password=long+enough+pw",
                                    headers: ["Origin": "http://localhost:8080"]),
            "POST /import": Fixture(multipart: [("hike.fit", (try? TestFiles.data("fit/fitparse-garmin-fenix-5-bike.fit")) ?? Data())]),
            "POST /api/v1/activities/upload": Fixture(file: ("walk.fit", (try? TestFiles.data("fit/fitparse-garmin-fenix-5-walk.fit")) ?? Data())),
            "PATCH /api/v1/activities/{activityID}": Fixture(body: ["name": "Renamed", "sport": "trail_run"]),
            "GET /api/v1/activities/{activityID}/samples": Fixture(query: "?points=50"),
            "PUT /api/v1/profile": Fixture(body: ["max_heart_rate": 188, "resting_heart_rate": 48]),
            "GET /api/v1/predictions/course": Fixture(query: "?distance=21100&gain=800&loss=800&trail=true&every_km=5"),
            "POST /api/v1/predictions/course": Fixture(query: "?aid=2:Lake", file: ("course.gpx", (try? TestFiles.data("gpx/gpxpy-cerknicko-jezero.gpx")) ?? Data())),
            "POST /api/v1/strava/sync": Fixture(body: ["period": "30"]),
            "POST /api/v1/plans": Fixture(body: ["date": "2026-12-10", "type": "easy"]),
            "PATCH /api/v1/plans/{planID}": Fixture(body: ["name": "Renamed"]),
            "POST /api/v1/plans/{planID}/complete": Fixture(body: ["completed": true]),
            "POST /api/v1/plans/{planID}/link": Fixture(body: ["activity_id": world.ownerActivityID]),
            "POST /api/v1/plans/import": Fixture(file: ("plan.tsv", (try? TestFiles.data("plans/coach-plan.tsv")) ?? Data())),
            "POST /plans/new": Fixture(form: "date=2026-12-10&type=easy"),
            "POST /activities/{activityID}/sport": Fixture(form: "sport=trail_run"),
            "POST /activities/{activityID}/race": Fixture(form: "race=on&race_distance=10&race_time=0%3A45%3A00"),
            "POST /activities/{activityID}/edit": Fixture(form: "name=Renamed&perceived_effort=5&notes=Felt+good"),
            "POST /activities/bulk": Fixture(form: "ids[]=\(world.ownerActivityID)&action=sport%3Arun"),
            "POST /plans/{planID}": Fixture(form: "date=2026-12-11&type=tempo&name=Walk+tempo"),
            "POST /plans/{planID}/link": Fixture(form: "activity_id=\(world.ownerActivityID)"),
            "POST /plans/import": Fixture(multipart: [("coach.tsv", (try? TestFiles.data("plans/coach-plan.tsv")) ?? Data())]),
            "POST /predict": Fixture(multipart: [("course.gpx", (try? TestFiles.data("gpx/gpxpy-cerknicko-jezero.gpx")) ?? Data())]),
            "POST /settings/profile": Fixture(form: "full_name=Walker&locale=fr&theme=dark"),
            "POST /goals": Fixture(form: "target=30&metric=distance&period=week"),
            "POST /api/v1/goals": Fixture(body: ["period": "year", "metric": "distance", "target": 2_000_000]),
            "POST /api/v1/gear": Fixture(body: ["kind": "shoes", "name": "Pegasus", "retire_distance": 800_000]),
            "PATCH /api/v1/gear/{gearID}": Fixture(body: ["name": "Pegasus 41", "default_sports": ["run"]]),
            "POST /gear": Fixture(form: "name=Pegasus&kind=shoes&retire_km=800"),
            "POST /gear/{gearID}": Fixture(form: "name=Pegasus+41&kind=shoes&default_sports[]=run"),
            "POST /gear/{gearID}/retire": Fixture(form: "retired=true"),
            "POST /settings/physiology": Fixture(form: "max_heart_rate=190&threshold_pace=4%3A20"),
            "POST /settings/password": Fixture(form: "current_password=correct+horse+battery&new_password=another+long+pw"),
            "POST /settings/delete-strava-data": Fixture(form: "confirm=DELETE+STRAVA+DATA"),
            "POST /settings/delete-data": Fixture(form: "confirm=DELETE+ALL+MY+DATA"),
            "POST /settings/delete-account": Fixture(form: "confirm=DELETE+MY+ACCOUNT&password=correct+horse+battery"),
            "GET /api/v1/webhooks/strava/{secret}": Fixture(query: "?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=\(Self.verifyToken)"),
            "POST /api/v1/webhooks/strava/{secret}": Fixture(body: ["aspect_type": "create", "event_time": 1_796_205_000, "object_id": 1,
                                                          "object_type": "activity", "owner_id": 1, "subscription_id": 1, "updates": [:]]),
        ]
    }

    /// Route parameters that do not name a resource of one user.
    static let sharedParameters: Set<String> = ["name", "record", "file", "direction", "secret"]

    /// The owner's value for each route parameter.
    static func parameter(_ name: String, _ world: World) -> String? {
        switch name {
        case "sessionID": return world.ownerSessionID
        case "activityID": return world.ownerActivityID
        case "jobID": return world.ownerJobID
        case "planID": return world.ownerPlanID
        case "goalID": return world.ownerGoalID
        case "gearID": return world.ownerGearID
        case "file": return world.ownerFeedFile
        case "direction": return "export"
        case "name": return "app.css"
        case "record": return "1k"
        case "secret": return world.webhookSecret
        default: return nil
        }
    }

    static func path(of route: Route, world: World) throws -> String {
        try route.path.map { component -> String in
            switch component {
            case .constant(let value): return value
            case .parameter(let name):
                guard let value = parameter(name, world) else {
                    Issue.record("no fixture for the parameter :\(name) of \(route.method) \(OpenAPIDocument.pathString(route)); add one to RouteAccessTests")
                    throw Abort(.internalServerError)
                }
                return value
            case .anything, .catchall: return "x"
            }
        }.joined(separator: "/")
    }

    static let verifyToken = "walk-verify-token-0123456789"
    /// Strava switched on, pointing at an address where nothing answers (no call must need it).
    static let strava = ["STRAVA_CLIENT_ID": "1", "STRAVA_CLIENT_SECRET": "walk-secret", "STRAVA_WEBHOOK_VERIFY_TOKEN": verifyToken,
                         "STRAVA_API_URL": "http://127.0.0.1:9/api/v3", "STRAVA_OAUTH_URL": "http://127.0.0.1:9/oauth"]

    /// The owner's Strava connection, and their activity made a Strava one.
    static func connectStrava(_ app: Application, owner: SignedInUser, activityID: String) async throws {
        let cipher = TokenCipher(keys: app.settings.secrets.encryptionKeys)
        let connection = StravaConnection()
        connection.$user.id = UUID(uuidString: owner.id)!
        connection.athleteID = Int64.random(in: 1...Int64.max)
        connection.scopes = "activity:read_all,read"
        connection.accessTokenSealed = try cipher.seal("access")
        connection.refreshTokenSealed = try cipher.seal("refresh")
        connection.expiresAt = Date().timeIntervalSince1970 + 3600
        connection.status = "active"
        connection.syncStatus = "idle"
        connection.syncPage = 1
        connection.syncFetched = 0
        try await connection.create(on: app.db)
        if let activity = try await Activity.find(UUID(uuidString: activityID), on: app.db) {
            activity.source = "strava"
            activity.stravaID = Int64.random(in: 1...Int64.max)
            try await activity.save(on: app.db)
        }
    }

    /// The owner's Google Calendar connection, with a token the stand-in accepts.
    static func connectGoogleCalendar(_ app: Application, owner: SignedInUser, google: FakeOIDCProvider) async throws {
        let token = "ya29.walk-" + UUID().uuidString
        google.calendar.withLockedValue { $0.accessTokens[token] = Date().addingTimeInterval(3600) }
        let cipher = TokenCipher(keys: app.settings.secrets.encryptionKeys)
        let connection = GoogleCalendarConnection()
        connection.$user.id = UUID(uuidString: owner.id)!
        connection.accessTokenSealed = try cipher.seal(token)
        connection.expiresAt = Date().timeIntervalSince1970 + 3600
        connection.scope = GoogleCalendarController.scope
        try await connection.create(on: app.db)
    }

    @Test func everyRouteAnswersAnonymousStrangerAndOwnerAsDeclared() async throws {
        try await withTestAppAndGoogle(Self.strava) { app, google in
            let routes = app.routes.all
            #expect(routes.count > 10)
            var published: [String: Any] = [:]
            try await app.testing().test(.GET, "openapi.json") { res async throws in
                published = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any] ?? [:]
            }
            let conformance = SchemaConformance(document: published)
            // Every JSON answer (and every JSON body sent) is what the API document says.
            func conforms(_ key: String, _ route: Route, _ res: TestingHTTPResponse) {
                guard res.headers.contentType?.subType == "json", res.status.code < 300,
                      let schema = conformance.schema(method: route.method.rawValue, path: OpenAPIDocument.pathString(route),
                                                      status: Int(res.status.code)) else { return }
                guard let value = JSON.parse(Data(buffer: res.body)) else {
                    Issue.record("\(key): the answer is not JSON")
                    return
                }
                let problems = conformance.problems(value, against: schema)
                #expect(problems.isEmpty, "\(key) answers outside its published schema: \(problems.prefix(8))")
            }
            for route in routes {
                let key = "\(route.method.rawValue) \(OpenAPIDocument.pathString(route))"
                guard let doc = route.routeDoc else {
                    Issue.record("\(key) declares no access (add .doc(..., access:))")
                    continue
                }
                // Fresh people for every route: some routes sign out or delete their caller.
                let owner = try await TestUsers.signUp(app)
                let stranger = try await TestUsers.signUp(app)
                let session = try #require(try await AuthSession.query(on: app.db)
                    .filter(\.$user.$id == UUID(uuidString: owner.id)!).first())
                let run = SyntheticActivity.make(seed: 5, start: Date().addingTimeInterval(-2 * 86_400), seconds: 1200, sport: .run)
                let (_, upload) = try await TestFiles.upload(app, owner, [("run.fit", FITEncoder().encode(run))])
                let activityID = try #require((upload["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
                try await Self.connectStrava(app, owner: owner, activityID: activityID)
                try await Self.connectGoogleCalendar(app, owner: owner, google: google)
                let plan = PlannedWorkout()
                plan.$user.id = UUID(uuidString: owner.id)!
                plan.date = "2026-12-09"
                plan.name = "Walk plan"
                plan.type = "easy"
                plan.sport = "run"
                try await plan.create(on: app.db)
                let feed = try await CalendarFeedService(database: app.db, cipher: TokenCipher(keys: app.settings.secrets.encryptionKeys),
                                                         publicURL: "").regenerate(userID: UUID(uuidString: owner.id)!)
                let job = ImportJob()
                job.$user.id = UUID(uuidString: owner.id)!
                job.filename = "x.zip"
                job.status = "done"
                job.total = 0; job.processed = 0; job.imported = 0; job.duplicates = 0; job.failedCount = 0
                try await job.create(on: app.db)
                let goal = Goal()
                goal.$user.id = UUID(uuidString: owner.id)!
                goal.period = "week"; goal.metric = "count"; goal.target = 3
                try await goal.create(on: app.db)
                let gear = Gear()
                gear.$user.id = goal.$user.id
                gear.kind = "shoes"; gear.name = "Trail shoes"
                try await gear.create(on: app.db)
                var world = World(owner: owner, stranger: stranger, ownerSessionID: try session.requireID().uuidString,
                                  ownerActivityID: activityID, ownerJobID: try job.requireID().uuidString,
                                  ownerPlanID: try plan.requireID().uuidString,
                                  ownerFeedFile: String(feed.url.split(separator: "/").last ?? ""),
                                  webhookSecret: StravaWebhookPath.secrets(keys: app.settings.secrets.encryptionKeys)[0])
                world.ownerGoalID = try goal.requireID().uuidString
                world.ownerGearID = try gear.requireID().uuidString
                let path = try Self.path(of: route, world: world)
                let fixture = Self.fixtures(world)[key] ?? Fixture()
                var body = fixture.body.map(TestUsers.json)
                var contentHeaders = TestUsers.jsonHeaders.merging(fixture.headers)
                if let files = fixture.multipart {
                    let (headers, buffer) = TestFiles.multipart(files)
                    body = buffer
                    contentHeaders = headers.merging(fixture.headers)
                }
                if let form = fixture.form {
                    body = ByteBuffer(string: form)
                    contentHeaders = HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]).merging(fixture.headers)
                }
                if let file = fixture.file {
                    body = ByteBuffer(bytes: file.data)
                    contentHeaders = ["Content-Type": "application/octet-stream", "X-Filename": file.name]
                }
                // Parameters that name something of the owner (not an asset or a record kind).
                let hasParameters = route.path.contains {
                    if case .parameter(let name) = $0 { return !Self.sharedParameters.contains(name) } else { return false }
                }
                let url = path + fixture.query
                if let sent = fixture.body, let schema = conformance.schema(method: route.method.rawValue, path: OpenAPIDocument.pathString(route)),
                   let value = JSON.parse(try JSONSerialization.data(withJSONObject: sent)) {
                    let problems = conformance.problems(value, against: schema)
                    #expect(problems.isEmpty, "\(key): the fixture's body is outside the published request schema: \(problems)")
                }

                // Anonymous: refused on signed-in routes; served on open ones (with the fixture).
                try await app.testing().test(route.method, url, headers: contentHeaders, body: body) { res async in
                    if doc.access == .signedIn {
                        #expect(res.status == .unauthorized, "\(key) as anonymous: \(res.status)")
                    } else if doc.access == .signedInPage {
                        #expect(res.status == .seeOther && res.headers.first(name: .location)?.hasPrefix("/login") == true,
                                "\(key) as anonymous: \(res.status)")
                    } else {
                        #expect((200..<400).contains(res.status.code), "\(key) as anonymous: \(res.status) \(res.body.string)")
                        conforms(key, route, res)
                    }
                }
                guard doc.access != .open else { continue }
                // Another user, on the owner's resource: it does not exist for them.
                if hasParameters {
                    try await app.testing().test(route.method, url, headers: stranger.bearer.merging(contentHeaders), body: body) { res async in
                        #expect(res.status == .notFound, "\(key) as another user: \(res.status) \(res.body.string)")
                    }
                }
                // The owner.
                try await app.testing().test(route.method, url, headers: owner.bearer.merging(contentHeaders), body: body) { res async in
                    #expect((200..<400).contains(res.status.code), "\(key) as owner: \(res.status) \(res.body.string)")
                    conforms(key, route, res)
                }
            }
        }
    }
}

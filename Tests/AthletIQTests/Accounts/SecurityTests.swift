@testable import AthletIQ
import Fluent
import Foundation
import JWT
import Testing
import Vapor
import VaporTesting

@Suite struct SecurityTests {
    let json = TestUsers.jsonHeaders

    func status(_ app: Application, token: String) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        try await app.testing().test(.GET, "api/v1/auth/me", headers: ["Authorization": "Bearer \(token)"]) { res async in
            status = res.status
        }
        return status
    }

    func base64URL(_ object: [String: Any]) throws -> String {
        try JSONSerialization.data(withJSONObject: object).base64URLEncoded
    }

    @Test func forgedAndExpiredAccessTokensAreRefused() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            #expect(try await status(app, token: user.accessToken) == .ok)
            let session = try #require(try await AuthSession.query(on: app.db).first())
            let now = Date()
            func payload(exp: Date) throws -> AccessTokenPayload {
                AccessTokenPayload(sub: .init(value: user.id), sid: try session.requireID().uuidString, iat: .init(value: now),
                                   exp: .init(value: exp), iss: .init(value: "athletiq"), typ: "access")
            }
            // alg: none
            let claims: [String: Any] = ["sub": user.id, "sid": try session.requireID().uuidString, "iat": now.timeIntervalSince1970,
                                         "exp": now.addingTimeInterval(600).timeIntervalSince1970, "iss": "athletiq", "typ": "access"]
            let none = try base64URL(["alg": "none", "typ": "JWT"]) + "." + base64URL(claims) + "."
            #expect(try await status(app, token: none) == .unauthorized)
            // Wrong signature: the real header and claims with another signature.
            let parts = user.accessToken.split(separator: ".")
            let tampered = parts[0] + "." + parts[1] + "." + Data(repeating: 7, count: 32).base64URLEncoded
            #expect(try await status(app, token: String(tampered)) == .unauthorized)
            // Claims changed after signing (another user id).
            var otherClaims = claims
            otherClaims["sub"] = UUID().uuidString
            let swapped = String(parts[0]) + "." + (try base64URL(otherClaims)) + "." + String(parts[2])
            #expect(try await status(app, token: swapped) == .unauthorized)
            // Expired, with the right key.
            let expired = try await app.jwt.keys.sign(try payload(exp: now.addingTimeInterval(-5)), kid: AccessTokenKeys.kid)
            #expect(try await status(app, token: expired) == .unauthorized)
            // Signed with another key.
            let foreign = JWTKeyCollection()
            await foreign.add(hmac: HMACKey(from: String(repeating: "another-secret-key-", count: 3)), digestAlgorithm: .sha256, kid: AccessTokenKeys.kid)
            let other = try await foreign.sign(try payload(exp: now.addingTimeInterval(600)), kid: AccessTokenKeys.kid)
            #expect(try await status(app, token: other) == .unauthorized)
            // Garbage.
            #expect(try await status(app, token: "not.a.jwt") == .unauthorized)
            #expect(try await status(app, token: String(repeating: "A", count: 10_000)) == .unauthorized)
            // And the genuine token still works.
            #expect(try await status(app, token: user.accessToken) == .ok)
        }
    }

    @Test func cookieRequestsThatChangeStateNeedOriginAndCSRFToken() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let body = TestUsers.json(["full_name": "Changed"])
            // No CSRF token.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.browser(csrf: false).merging(json), body: body) { res async in
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "csrf_token")
            }
            // Token present but from another site.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.browser(origin: "https://evil.example.com").merging(json), body: body) { res async in
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "csrf_origin")
            }
            // A token of another session does not fit.
            let other = try await TestUsers.signUp(app)
            var mixed = user.browser(csrf: false)
            mixed.add(name: "X-CSRF-Token", value: other.cookies[AuthCookies.csrf] ?? "")
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: mixed.merging(json), body: body) { res async in
                #expect(res.status == .forbidden)
            }
            // Same origin with the token: accepted. Reads never need it.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.browser().merging(json), body: body) { res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.browser(origin: "https://evil.example.com", csrf: false)) { res async in
                #expect(res.status == .ok)
            }
            // Bearer clients have no ambient authority and need no CSRF token.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(json), body: body) { res async in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func sixthLoginAttemptInAMinuteIsRateLimited() async throws {
        try await withTestApp(["RATE_LIMIT_LOGIN": "5/1m"]) { app in
            let user = try await TestUsers.signUp(app)
            for attempt in 1...6 {
                try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                             body: TestUsers.json(["email": user.email, "password": "wrong password \(attempt)"])) { res async throws in
                    if attempt <= 5 {
                        #expect(res.status == .unauthorized)
                    } else {
                        #expect(res.status == .tooManyRequests)
                        #expect(res.errorCode == "rate_limited")
                        let retry = Int(res.headers.first(name: .retryAfter) ?? "") ?? 0
                        #expect((1...60).contains(retry))
                        #expect(res.headers.first(name: "RateLimit-Limit") == "5")
                        #expect(res.headers.first(name: "RateLimit-Remaining") == "0")
                    }
                }
            }
        }
    }

    @Test func failedLoginsPerAccountAreLimitedAcrossAddresses() async throws {
        try await withTestApp(["RATE_LIMIT_LOGIN_ACCOUNT": "3/15m"]) { app in
            let user = try await TestUsers.signUp(app)
            for attempt in 1...4 {
                try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                             body: TestUsers.json(["email": user.email, "password": "guess \(attempt)!!"])) { res async in
                    #expect(res.status == (attempt <= 3 ? .unauthorized : .tooManyRequests))
                }
            }
            // Even the right password waits: the guessing stops.
            try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                         body: TestUsers.json(["email": user.email, "password": user.password])) { res async in
                #expect(res.status == .tooManyRequests)
            }
        }
    }

    @Test func signUpsAndSignedInRequestsAreRateLimited() async throws {
        try await withTestApp(["RATE_LIMIT_SIGNUP": "3/1h", "RATE_LIMIT_USER": "4/1m"]) { app in
            let user = try await TestUsers.signUp(app)
            _ = try await TestUsers.signUp(app)
            _ = try await TestUsers.signUp(app)
            try await app.testing().test(.POST, "api/v1/auth/signup", headers: json,
                                         body: TestUsers.json(["full_name": "Four", "email": TestUsers.uniqueEmail(), "password": "long enough pw"])) { res async in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: .retryAfter) != nil)
            }
            for request in 1...5 {
                try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in
                    #expect(res.status == (request <= 4 ? .ok : .tooManyRequests))
                    if request <= 4 { #expect(res.headers.first(name: "RateLimit-Remaining") == String(4 - request)) }
                }
            }
        }
    }

    @Test func rateLimitWindowsAlignAndParse() {
        #expect(RateLimit("5/1m") == RateLimit(count: 5, seconds: 60))
        #expect(RateLimit("100/60s") == RateLimit(count: 100, seconds: 60))
        #expect(RateLimit("3/1h") == RateLimit(count: 3, seconds: 3600))
        #expect(RateLimit("3/h") == RateLimit(count: 3, seconds: 3600))
        #expect(RateLimit("0/1m") == nil)
        #expect(RateLimit("x") == nil)
        let window = RateLimiter.window(RateLimit(count: 1, seconds: 60), now: Date(timeIntervalSince1970: 1_000_000_030))
        #expect(window.start == 1_000_000_020)
        #expect(window.resetSeconds == 50)
    }
}

@Suite struct SharedRateLimitTests {
    @Test func loginLimitsHoldAcrossTwoInstancesOnOneDatabase() async throws {
        try await withTestApps(count: 2, ["RATE_LIMIT_LOGIN": "5/1m", "RATE_LIMIT_STORE": "database"]) { apps in
            let user = try await TestUsers.signUp(apps[0])
            var statuses: [HTTPStatus] = []
            for attempt in 0..<6 {
                let app = apps[attempt % 2]
                try await app.testing().test(.POST, "api/v1/auth/login", headers: TestUsers.jsonHeaders,
                                             body: TestUsers.json(["email": user.email, "password": "wrong \(attempt)!!!"])) { res async in
                    statuses.append(res.status)
                }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
        }
    }

    /// The API limit is counted in memory and shared through the database once a second: two
    /// instances see each other's requests (after a synchronisation), and a user over the limit
    /// on both together is refused.
    @Test func apiLimitCountsSharedAcrossInstancesWithinASecond() async throws {
        try await withTestApps(count: 2, ["RATE_LIMIT_USER": "8/1d", "RATE_LIMIT_STORE": "database"]) { apps in
            // Counters that synchronise only at the first event of a window (an hour-long interval),
            // so what each instance knows does not depend on how fast this run is.
            let first = SyncedRateLimitStore(counters: .init(interval: 3600), database: apps[0].db)
            let second = SyncedRateLimitStore(counters: .init(interval: 3600), database: apps[1].db)
            let window: Int64 = 1_000_000
            #expect(try await first.hit(key: "k", windowStart: window) == 1, "the first event of a window is shared at once")
            #expect(try await first.hit(key: "k", windowStart: window) == 2)
            #expect(try await first.hit(key: "k", windowStart: window) == 3, "then counted in memory")
            #expect(try await second.hit(key: "k", windowStart: window) == 2, "the other instance knows the first shared event")
            #expect(try await second.hit(key: "k", windowStart: window) == 3)
            #expect(try await second.peek(key: "k", windowStart: window) == 3)
            // An instance that synchronises at every event sees what the others shared, not
            // what they still hold.
            let third = SyncedRateLimitStore(counters: .init(interval: 0), database: apps[0].db)
            #expect(try await third.hit(key: "k", windowStart: window) == 3)
            #expect(try await third.hit(key: "k", windowStart: window) == 4)
            #expect(try await first.hit(key: "k", windowStart: window + 60) == 1, "a new window starts from zero")

            // Through the middleware: 8 requests a day (a window no slow run crosses), spread over both instances.
            let user = try await TestUsers.signUp(apps[0])
            var statuses: [HTTPStatus] = []
            for attempt in 0..<12 {
                if attempt % 3 == 0 { try await Task.sleep(nanoseconds: 1_100_000_000) }
                try await apps[attempt % 2].testing().test(.GET, "api/v1/activities", headers: user.bearer) { res async in
                    statuses.append(res.status)
                }
            }
            #expect(statuses.prefix(6).allSatisfy { $0 == .ok }, "\(statuses)")
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
        }
    }
}

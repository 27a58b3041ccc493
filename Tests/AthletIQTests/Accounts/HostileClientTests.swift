@testable import AthletIQ
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

/// Attacks of issue "hostile clients", each performed over HTTP and refused.
@Suite struct HostileClientTests {
    /// A range from year 1000 to 9999 built a 256 MB answer in 23 s; out-of-bounds and malformed
    /// parameters are now a 422 that names the parameter, and a page number cannot overflow.
    @Test func unboundedRangesAndMalformedNumbersAreRefused() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let refused = [
                "api/v1/analytics/fitness?from=1000-01-01&to=9999-12-31",
                "api/v1/analytics/fitness?from=1971-01-01&to=2026-01-01",
                "api/v1/analytics/fitness?to=2026-01-01&from=2026-02-01",
                "api/v1/analytics/stats?from=0001-01-01",
                "api/v1/analytics/elevation-pace?from=1900-01-01",
                "api/v1/activities?page=abc",
                "api/v1/activities?page=922337203685477580",
                "api/v1/activities?per_page=100000",
                "api/v1/activities?from=not-a-date",
                "api/v1/plans?page=-1",
                "api/v1/plans?completed=perhaps",
                "api/v1/predictions?distance=ten-k",
                "api/v1/predictions/course?distance=21100&gain=lots",
                "api/v1/predictions/course?distance=21100&trail=maybe",
                "api/v1/predictions/course?distance=21100&every_km=NaN",
            ]
            for path in refused {
                try await app.testing().test(.GET, path, headers: user.bearer) { res async in
                    #expect(res.status == .unprocessableEntity, "\(path): \(res.status) \(res.body.string)")
                }
            }
            // The widest allowed range still answers, and quickly.
            try await app.testing().test(.GET, "api/v1/analytics/fitness?from=2000-01-01&to=2026-12-01", headers: user.bearer) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.readableBytes < 2_000_000)
            }
            try await app.testing().test(.GET, "api/v1/activities?page=2&per_page=10", headers: user.bearer) { res async in
                #expect(res.status == .ok)
            }
            // The HTML list shows the last possible page instead of trapping on the offset.
            try await app.testing().test(.GET, "activities?page=922337203685477580", headers: user.browser()) { res async in
                #expect(res.status == .ok)
            }
        }
    }

    /// `next=/%09/evil.example` was answered with `Location: /\t/evil.example`, which browsers
    /// read as `//evil.example`.
    @Test func onlyLocalPathsAreRedirectTargets() {
        for hostile in ["/\t/evil.example", "//evil.example", "/\\evil.example", "/\n/evil.example", "https://evil.example",
                        "/ /evil.example", "/\u{0085}/evil.example", "evil.example", "/a\\b", ""] {
            #expect(SafeRedirect.path(hostile) == nil, "\(hostile.debugDescription)")
        }
        for local in ["/", "/activities?page=2", "/plans/2026-12", "/activities/abc#laps"] {
            #expect(SafeRedirect.path(local) == local)
        }
    }

    @Test func theLoginFormDropsAHostileNext() async throws {
        try await withTestApp { app in
            let email = TestUsers.uniqueEmail()
            _ = try await TestUsers.signUp(app, email: email)
            let form = "email=\(email)&password=correct+horse+battery&next=%2F%09%2Fevil.example"
            try await app.testing().test(.POST, "login", headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost:8080"],
                                         body: ByteBuffer(string: form)) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/")
            }
        }
    }

    /// Login CSRF: a cross-site form signed the victim's browser into the attacker's account.
    @Test func crossSiteSignInsAndSignUpsAreRefused() async throws {
        try await withTestApp { app in
            let email = TestUsers.uniqueEmail("attacker")
            _ = try await TestUsers.signUp(app, email: email)
            let form = ByteBuffer(string: "email=\(email)&password=correct+horse+battery")
            let crossSite: [HTTPHeaders] = [
                ["Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"],
                ["Content-Type": "application/x-www-form-urlencoded", "Origin": "null"],
                ["Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"],
            ]
            for headers in crossSite {
                try await app.testing().test(.POST, "api/v1/auth/login", headers: headers, body: form) { res async in
                    #expect(res.status == .forbidden, "\(headers)")
                    #expect(res.headers[.setCookie].isEmpty)
                }
                let signup = ByteBuffer(string: "full_name=X&email=\(TestUsers.uniqueEmail())&password=correct+horse+battery")
                try await app.testing().test(.POST, "api/v1/auth/signup", headers: headers, body: signup) { res async in
                    #expect(res.status == .forbidden)
                    #expect(res.headers[.setCookie].isEmpty)
                }
            }
            // Our own pages, and API clients that send no Origin, still sign in.
            for headers: HTTPHeaders in [["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost:8080"],
                                         ["Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"],
                                         ["Content-Type": "application/x-www-form-urlencoded"],
                                         // `serve --port 9191` in development: the page's own address.
                                         ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost:9191", "Host": "localhost:9191"]] {
                try await app.testing().test(.POST, "api/v1/auth/login", headers: headers, body: form) { res async in
                    #expect(res.status == .ok, "\(headers)")
                    #expect(!res.headers[.setCookie].isEmpty)
                }
            }
            // Another site on that port is still another site.
            try await app.testing().test(.POST, "api/v1/auth/login", headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                                                "Origin": "http://evil.example:9191", "Host": "localhost:9191"],
                                         body: form) { res async in
                #expect(res.status == .forbidden)
            }
        }
    }

    /// A burst at the end of one window and another at the start of the next got twice the limit.
    @Test func limitsSlideInsteadOfResettingAtTheWindowEdge() async throws {
        let limiter = RateLimiter(store: MemoryRateLimitStore(), enabled: true)
        let limit = RateLimit(count: 10, seconds: 60)
        let base = 1_800_000_000.0 - 1_800_000_000.0.truncatingRemainder(dividingBy: 60)
        for _ in 0..<10 { #expect(try await limiter.hit("k", limit: limit, now: Date(timeIntervalSince1970: base + 50)).allowed) }
        var allowed = 0
        for _ in 0..<10 where try await limiter.hit("k", limit: limit, now: Date(timeIntervalSince1970: base + 65)).allowed { allowed += 1 }
        #expect(allowed == 1)
        // A full window later the earlier burst has slid out.
        #expect(try await limiter.hit("k", limit: limit, now: Date(timeIntervalSince1970: base + 180)).allowed)
    }

    /// Someone else's wrong passwords lock only their own address out of the account.
    @Test func wrongPasswordsFromOneAddressDoNotLockTheAccountForOthers() async throws {
        try await withTestApp(["RATE_LIMIT_LOGIN_ACCOUNT": "3/15m", "TRUSTED_PROXIES": "127.0.0.1"]) { app in
            let email = TestUsers.uniqueEmail()
            _ = try await TestUsers.signUp(app, email: email)
            func login(_ password: String, from address: String) async throws -> HTTPStatus {
                var status = HTTPStatus.internalServerError
                try await app.testing(method: .running(port: 0)).test(.POST, "api/v1/auth/login",
                                                                      headers: ["Content-Type": "application/json", "X-Forwarded-For": address],
                                                                      body: TestUsers.json(["email": email, "password": password])) { res async in
                    status = res.status
                }
                return status
            }
            for _ in 0..<3 { #expect(try await login("wrong guess", from: "203.0.113.9") == .unauthorized) }
            #expect(try await login("correct horse battery", from: "203.0.113.9") == .tooManyRequests)
            #expect(try await login("correct horse battery", from: "198.51.100.7") == .ok)
        }
    }

    @Test func metricsNeedTheirTokenAndProductionHidesThemWithoutOne() async throws {
        let token = "metrics-token-0123456789abcdef"
        try await withTestApp(["METRICS_TOKEN": token]) { app in
            try await app.testing().test(.GET, "metrics") { res async in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "metrics", headers: ["Authorization": "Bearer wrong-token"]) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.GET, "metrics", headers: ["Authorization": "Bearer \(token)"]) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("# TYPE"))
            }
        }
        try await withTestApp(["ENVIRONMENT": "production", "PUBLIC_URL": "https://athletiq.example.org",
                               "JWT_SECRET": String(repeating: "k3", count: 24), "ENCRYPTION_KEY": Data(repeating: 7, count: 32).base64EncodedString()]) { app in
            try await app.testing().test(.GET, "metrics") { res async in #expect(res.status == .notFound) }
        }
    }

    @Test func answersAreNotCachedAndCORSVariesByOrigin() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer.merging(["Origin": "http://localhost:8080"])) { res async in
                #expect(res.headers.first(name: .cacheControl) == "no-store")
                #expect(res.headers.first(name: .accessControlAllowOrigin) == "http://localhost:8080")
                #expect(res.headers[.vary].contains { $0.lowercased().contains("origin") })
            }
            try await app.testing().test(.GET, "activities", headers: user.browser()) { res async in
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
        }
    }

    @Test func pagesCountAgainstTheUsersLimitAndTheLoginFormSaysWhenToRetry() async throws {
        try await withTestApp(["RATE_LIMIT_USER": "3/1h", "RATE_LIMIT_LOGIN": "2/1h"]) { app in
            let user = try await TestUsers.signUp(app)
            var statuses: [HTTPStatus] = []
            for _ in 0..<4 {
                try await app.testing().test(.GET, "activities", headers: user.browser()) { res async in statuses.append(res.status) }
            }
            #expect(statuses.last == .tooManyRequests)
            var last: HTTPStatus = .ok
            for _ in 0..<3 {
                try await app.testing().test(.POST, "login", headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost:8080"],
                                             body: ByteBuffer(string: "email=x%40example.org&password=nope")) { res async in
                    last = res.status
                    if res.status == .tooManyRequests { #expect(res.headers.first(name: .retryAfter) != nil) }
                }
            }
            #expect(last == .tooManyRequests)
        }
    }

    /// 800 sockets that never finished their headers were held for 90 s.
    @Test func aConnectionThatNeverFinishesItsHeadersIsClosed() async throws {
        try await withTestApp(["HTTP_IDLE_TIMEOUT": "1"]) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
            try await channel.writeAndFlush(ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: x\r\n")).get()
            let started = ContinuousClock.now
            let closed = Task { try await channel.closeFuture.get() }
            let deadline = Task { try await Task.sleep(for: .seconds(10)); try? await channel.close().get() }
            try await closed.value
            deadline.cancel()
            #expect(ContinuousClock.now - started < .seconds(5))
            await app.server.shutdown()
        }
    }
}

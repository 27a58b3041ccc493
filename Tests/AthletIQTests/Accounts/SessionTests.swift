@testable import AthletIQ
import Fluent
import Foundation
import JWT
import Testing
import Vapor
import VaporTesting

@Suite struct SessionTests {
    let json = TestUsers.jsonHeaders

    func refresh(_ app: Application, _ token: String) async throws -> (HTTPStatus, [String: Any]) {
        var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
        try await app.testing().test(.POST, "api/v1/auth/refresh", headers: json, body: TestUsers.json(["refresh_token": token])) { res async throws in
            result = (res.status, try res.json())
        }
        return result
    }

    @Test func refreshRotatesTheToken() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (status, body) = try await refresh(app, user.refreshToken)
            #expect(status == .ok)
            let newRefresh = try #require(body["refresh_token"] as? String)
            let newAccess = try #require(body["access_token"] as? String)
            #expect(newRefresh != user.refreshToken)
            try await app.testing().test(.GET, "api/v1/auth/me", headers: ["Authorization": "Bearer \(newAccess)"]) { res async in
                #expect(res.status == .ok)
            }
            // Only the hash is stored.
            let stored = try await RefreshToken.query(on: app.db).all().map(\.tokenHash)
            #expect(!stored.contains(newRefresh))
            #expect(stored.contains(SecureToken.hash(newRefresh)))
            // The next refresh works with the newest token.
            #expect(try await refresh(app, newRefresh).0 == .ok)
        }
    }

    @Test func reusingARotatedRefreshTokenRevokesTheWholeFamily() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (_, body) = try await refresh(app, user.refreshToken)
            let newRefresh = try #require(body["refresh_token"] as? String)
            let newAccess = try #require(body["access_token"] as? String)

            // A second use right away is a race between tabs: refused, session kept.
            let (raceStatus, raceBody) = try await refresh(app, user.refreshToken)
            #expect(raceStatus == .unauthorized)
            #expect((raceBody["error"] as? [String: Any])?["code"] as? String == "refresh_token_rotated")

            // Later reuse is theft: the old token was rotated a minute ago.
            let old = try #require(try await RefreshToken.query(on: app.db).filter(\.$tokenHash == SecureToken.hash(user.refreshToken)).first())
            old.rotatedAt = Date().addingTimeInterval(-60)
            try await old.save(on: app.db)
            #expect(try await refresh(app, user.refreshToken).0 == .unauthorized)

            // Every token of the family is now dead: the newest refresh token and the access token.
            #expect(try await refresh(app, newRefresh).0 == .unauthorized)
            try await app.testing().test(.GET, "api/v1/auth/me", headers: ["Authorization": "Bearer \(newAccess)"]) { res async in
                #expect(res.status == .unauthorized)
            }
            let session = try #require(try await AuthSession.query(on: app.db).first())
            #expect(session.revokedReason == "refresh_token_reuse")
        }
    }

    @Test func refreshWorksFromTheCookieForBrowsers() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.POST, "api/v1/auth/refresh", headers: user.browser(csrf: false)) { res async in
                #expect(res.status == .ok)
                #expect(TestUsers.cookies(from: res)[AuthCookies.refresh] != nil)
            }
            // A cookie refresh started from another site is refused.
            try await app.testing().test(.POST, "api/v1/auth/refresh", headers: user.browser(origin: "https://evil.example.com", csrf: false)) { res async in
                #expect(res.status == .forbidden)
            }
            #expect(try await refresh(app, "garbage").0 == .unauthorized)
        }
    }

    @Test func logoutAndLogoutEverywhere() async throws {
        try await withTestApp { app in
            let first = try await TestUsers.signUp(app)
            let second = try await TestUsers.login(app, email: first.email, password: first.password)
            let third = try await TestUsers.login(app, email: first.email, password: first.password)
            try await app.testing().test(.POST, "api/v1/auth/logout", headers: first.bearer) { res async in
                #expect(res.status == .noContent)
                #expect(res.headers[.setCookie].contains { $0.hasPrefix("athletiq_access=;") || $0.hasPrefix("athletiq_access=\"\"") || $0.contains("Max-Age=0") })
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: first.bearer) { res async in #expect(res.status == .unauthorized) }
            #expect(try await refresh(app, first.refreshToken).0 == .unauthorized)
            try await app.testing().test(.GET, "api/v1/auth/me", headers: second.bearer) { res async in #expect(res.status == .ok) }

            try await app.testing().test(.POST, "api/v1/auth/logout-all", headers: second.bearer) { res async in #expect(res.status == .noContent) }
            for user in [second, third] {
                try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in #expect(res.status == .unauthorized) }
            }
        }
    }

    @Test func sessionsCanBeListedAndRevokedOneByOne() async throws {
        try await withTestApp { app in
            let first = try await TestUsers.signUp(app)
            let second = try await TestUsers.login(app, email: first.email, password: first.password)
            let stranger = try await TestUsers.signUp(app)
            var headers = first.bearer
            headers.add(name: .userAgent, value: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
            var otherID = ""
            try await app.testing().test(.GET, "api/v1/auth/sessions", headers: headers) { res async throws in
                #expect(res.status == .ok)
                let list = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
                #expect(list.count == 2)
                #expect(list.filter { $0["current"] as? Bool == true }.count == 1)
                otherID = list.first { $0["current"] as? Bool == false }?["id"] as? String ?? ""
            }
            // A stranger can neither see nor revoke them.
            try await app.testing().test(.DELETE, "api/v1/auth/sessions/\(otherID)", headers: stranger.bearer) { res async in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.DELETE, "api/v1/auth/sessions/not-a-uuid", headers: first.bearer) { res async in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.DELETE, "api/v1/auth/sessions/\(otherID)", headers: first.bearer) { res async in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: second.bearer) { res async in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: first.bearer) { res async in #expect(res.status == .ok) }
        }
    }

    @Test func deviceNamesAreReadable() {
        #expect(DeviceDescription.from(userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0") == "Firefox on Linux")
        #expect(DeviceDescription.from(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1") == "Safari on iOS")
        #expect(DeviceDescription.from(userAgent: nil) == "Unknown client")
    }
}

@testable import AthletIQ
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The whole OpenID Connect flow against a local provider that signs real tokens.
@Suite struct GoogleSignInTests {
    struct Outcome {
        var location: String
        var cookies: [String: String]
        var status: HTTPStatus
    }

    func withGoogle(_ body: (Application, FakeOIDCProvider) async throws -> Void) async throws {
        try await withTestAppAndGoogle([:], body)
    }

    /// Plays the browser: our login endpoint, the provider's consent page, our callback.
    func signIn(_ app: Application, _ provider: FakeOIDCProvider, start path: String = "api/v1/auth/google/login",
                headers: HTTPHeaders = [:], callbackOverride: ((String) -> String)? = nil) async throws -> (Outcome, callbackURL: String, stateCookie: String) {
        var authorize = ""
        var stateCookie = ""
        try await app.testing().test(.GET, path, headers: headers) { res async in
            #expect(res.status == .found)
            authorize = res.headers.first(name: .location) ?? ""
            stateCookie = TestUsers.cookies(from: res)[GoogleSignInController.stateCookie] ?? ""
        }
        #expect(authorize.hasPrefix(provider.baseURL + "/authorize?"))
        #expect(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce=") && authorize.contains("state="))
        var callback = ""
        let authorizePath = String(authorize.dropFirst(provider.baseURL.count + 1))
        try await provider.app.testing().test(.GET, authorizePath) { res async in
            #expect(res.status == .found, "provider refused: \(res.body.string)")
            callback = res.headers.first(name: .location) ?? ""
        }
        let outcome = try await finish(app, callbackURL: callback, stateCookie: stateCookie, extraHeaders: headers)
        return (outcome, callback, stateCookie)
    }

    func finish(_ app: Application, callbackURL: String, stateCookie: String, extraHeaders: HTTPHeaders = [:]) async throws -> Outcome {
        #expect(callbackURL.hasPrefix("http://localhost:8080/api/v1/auth/google/callback?"))
        let path = String(callbackURL.dropFirst("http://localhost:8080/".count))
        var headers = extraHeaders
        var cookie = headers.first(name: .cookie).map { $0 + "; " } ?? ""
        cookie += "\(GoogleSignInController.stateCookie)=\(stateCookie)"
        headers.replaceOrAdd(name: .cookie, value: cookie)
        var outcome = Outcome(location: "", cookies: [:], status: .ok)
        try await app.testing().test(.GET, path, headers: headers) { res async in
            outcome = Outcome(location: res.headers.first(name: .location) ?? "", cookies: TestUsers.cookies(from: res), status: res.status)
        }
        return outcome
    }

    @Test func aNewGoogleUserGetsAnAccountAndASession() async throws {
        try await withGoogle { app, provider in
            let (outcome, _, _) = try await signIn(app, provider, start: "api/v1/auth/google/login?return_to=/activities")
            #expect(outcome.status == .seeOther)
            #expect(outcome.location == "http://localhost:8080/activities")
            let access = try #require(outcome.cookies[AuthCookies.access])
            try await app.testing().test(.GET, "api/v1/auth/me", headers: ["Cookie": "\(AuthCookies.access)=\(access)"]) { res async throws in
                #expect(res.status == .ok)
                let body = try res.json()
                #expect(body["email"] as? String == "sam@example.org")
                #expect(body["google_linked"] as? Bool == true)
                #expect(body["has_password"] as? Bool == false)
            }
            // The Google-only account cannot unlink Google: it would be locked out.
            try await app.testing().test(.DELETE, "api/v1/auth/google", headers: ["Authorization": "Bearer \(access)"]) { res async in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test func aVerifiedEmailSignsIntoTheMatchingAccount() async throws {
        try await withGoogle { app, provider in
            let existing = try await TestUsers.signUp(app, email: "Sam@Example.org")
            let (outcome, _, _) = try await signIn(app, provider)
            #expect(outcome.cookies[AuthCookies.access] != nil)
            let users = try await User.query(on: app.db).all()
            #expect(users.count == 1)
            #expect(users.first?.googleSubject == "google-subject-1")
            #expect(users.first?.id?.uuidString == existing.id)
        }
    }

    /// Account pre-takeover: an attacker signs up first with the victim's address and keeps a
    /// password and a session; when the victim signs in with Google, both stop working.
    @Test func aGoogleSignInByEmailRemovesTheUnprovenPasswordAndSessions() async throws {
        try await withGoogle { app, provider in
            let attacker = try await TestUsers.signUp(app, email: "sam@example.org", password: "attacker's own pw")
            let (outcome, _, _) = try await signIn(app, provider)
            #expect(outcome.cookies[AuthCookies.access] != nil)
            // The attacker's session and password no longer open the account.
            try await app.testing().test(.GET, "api/v1/auth/me", headers: attacker.bearer) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.POST, "api/v1/auth/login", headers: TestUsers.jsonHeaders,
                                         body: TestUsers.json(["email": "sam@example.org", "password": "attacker's own pw"])) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.POST, "api/v1/auth/refresh", headers: TestUsers.jsonHeaders,
                                         body: TestUsers.json(["refresh_token": attacker.refreshToken])) { res async in
                #expect(res.status == .unauthorized)
            }
            // The victim's Google session works.
            try await app.testing().test(.GET, "api/v1/auth/me", headers: ["Cookie": "\(AuthCookies.access)=\(outcome.cookies[AuthCookies.access] ?? "")"]) { res async in
                #expect(res.status == .ok)
            }
            #expect(try await User.query(on: app.db).first()?.passwordHash == nil)
        }
    }

    @Test func forgedWrongAudienceExpiredAndWrongNonceTokensAreRefused() async throws {
        try await withGoogle { app, provider in
            for tamper in [FakeOIDCProvider.Tamper.foreignKey, .wrongAudience, .expired, .wrongIssuer, .wrongNonce] {
                provider.set(tamper: tamper)
                let (outcome, _, _) = try await signIn(app, provider)
                #expect(outcome.location == "http://localhost:8080/login?error=google_invalid_token", "\(tamper)")
                #expect(outcome.cookies[AuthCookies.access] == nil, "\(tamper)")
            }
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test func aReplayedOrForeignStateIsRefused() async throws {
        try await withGoogle { app, provider in
            let (first, callbackURL, stateCookie) = try await signIn(app, provider)
            #expect(first.cookies[AuthCookies.access] != nil)
            let replay = try await finish(app, callbackURL: callbackURL, stateCookie: stateCookie)
            #expect(replay.location == "http://localhost:8080/login?error=google_bad_state")
            #expect(replay.cookies[AuthCookies.access] == nil)

            // A callback link opened in another browser (without this state cookie) does nothing.
            var authorize = ""
            try await app.testing().test(.GET, "api/v1/auth/google/login") { res async in
                authorize = res.headers.first(name: .location) ?? ""
            }
            var callback = ""
            try await provider.app.testing().test(.GET, String(authorize.dropFirst(provider.baseURL.count + 1))) { res async in
                callback = res.headers.first(name: .location) ?? ""
            }
            let foreign = try await finish(app, callbackURL: callback, stateCookie: "someone-elses-state")
            #expect(foreign.location == "http://localhost:8080/login?error=google_bad_state")
        }
    }

    @Test func refusalAndMissingCodeAreExplained() async throws {
        try await withGoogle { app, provider in
            var stateCookie = ""
            try await app.testing().test(.GET, "api/v1/auth/google/login") { res async in
                stateCookie = TestUsers.cookies(from: res)[GoogleSignInController.stateCookie] ?? ""
            }
            let denied = try await finish(app, callbackURL: "http://localhost:8080/api/v1/auth/google/callback?error=access_denied&state=\(stateCookie)", stateCookie: stateCookie)
            #expect(denied.location.hasSuffix("/login?error=google_denied"))
            let missing = try await finish(app, callbackURL: "http://localhost:8080/api/v1/auth/google/callback?state=\(stateCookie)", stateCookie: stateCookie)
            #expect(missing.location.hasSuffix("/login?error=google_missing_code"))
            // An unverified email does not get an account.
            provider.set(identity: .init(subject: "other-sub", email: "unverified@example.org", emailVerified: false, name: "U"))
            let (unverified, _, _) = try await signIn(app, provider)
            #expect(unverified.location.hasSuffix("/login?error=google_unverified_email"))
        }
    }

    @Test func aSignedInUserLinksAndUnlinksGoogle() async throws {
        try await withGoogle { app, provider in
            let user = try await TestUsers.signUp(app, email: "different@example.org")
            let (outcome, _, _) = try await signIn(app, provider, start: "api/v1/auth/google/login?intent=link", headers: user.browser(csrf: false))
            #expect(outcome.location == "http://localhost:8080/settings?google=linked")
            let linked = try #require(try await User.query(on: app.db).filter(\.$email == "different@example.org").first())
            #expect(linked.googleSubject == "google-subject-1")
            // Now Google signs into this account.
            let (again, _, _) = try await signIn(app, provider)
            #expect(again.cookies[AuthCookies.access] != nil)
            #expect(try await User.query(on: app.db).count() == 1)
            try await app.testing().test(.DELETE, "api/v1/auth/google", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            let unlinked = try #require(try await User.find(linked.id, on: app.db))
            #expect(unlinked.googleSubject == nil)
            // Linking needs a signed-in user.
            try await app.testing().test(.GET, "api/v1/auth/google/login?intent=link") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func withoutConfigurationTheEndpointsSayItIsOff() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "api/v1/auth/google/login") { res async in
                #expect(res.status == .notFound)
                #expect(res.errorCode == "not_configured")
            }
        }
    }

    @Test func onlyLocalPathsAreReturnTargets() {
        #expect(SafeRedirect.path("/activities?x=1") == "/activities?x=1")
        #expect(SafeRedirect.path("//evil.example.com") == nil)
        #expect(SafeRedirect.path("https://evil.example.com") == nil)
        #expect(SafeRedirect.path("/\\evil") == nil)
    }
}

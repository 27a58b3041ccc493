@testable import AthletIQ
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct SignUpAndLoginTests {
    let json = TestUsers.jsonHeaders

    @Test func signUpSignsInWithCookiesAndBearer() async throws {
        try await withTestApp { app in
            var setCookies: [String] = []
            try await app.testing().test(.POST, "api/v1/auth/signup", headers: json,
                                         body: TestUsers.json(["full_name": "Ada Runner", "email": "Ada@Example.org", "password": "long enough pw"])) { res async throws in
                #expect(res.status == .created)
                let body = try res.json()
                #expect(body["token_type"] as? String == "Bearer")
                #expect((body["expires_in"] as? Int ?? 0) > 800)
                #expect((body["user"] as? [String: Any])?["email"] as? String == "ada@example.org")
                setCookies = res.headers[.setCookie]
            }
            let access = try #require(setCookies.first { $0.hasPrefix("athletiq_access=") })
            #expect(access.contains("HttpOnly"))
            #expect(access.lowercased().contains("samesite=lax"))
            #expect(!access.contains("Secure"), "Secure is for production only")
            let csrf = try #require(setCookies.first { $0.hasPrefix("athletiq_csrf=") })
            #expect(!csrf.contains("HttpOnly"))

            let user = try await TestUsers.login(app, email: "ADA@example.org ", password: "long enough pw")
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json()["full_name"] as? String == "Ada Runner")
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.browser()) { res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "api/v1/auth/me") { res async in
                #expect(res.status == .unauthorized)
                #expect(res.errorCode == "unauthorized")
            }
        }
    }

    @Test func signUpValidatesItsInput() async throws {
        try await withTestApp { app in
            _ = try await TestUsers.signUp(app, email: "taken@example.org")
            let cases: [([String: Any], HTTPStatus, String)] = [
                (["full_name": "X", "email": "TAKEN@example.org", "password": "long enough pw"], .conflict, "email_taken"),
                (["full_name": "X", "email": "new@example.org", "password": "short"], .unprocessableEntity, "weak_password"),
                (["full_name": "X", "email": "new@example.org", "password": "password"], .unprocessableEntity, "weak_password"),
                (["full_name": "X", "email": "new@example.org", "password": String(repeating: "é", count: 40)], .unprocessableEntity, "weak_password"),
                (["full_name": "X", "email": "not-an-email", "password": "long enough pw"], .unprocessableEntity, "invalid_email"),
                (["full_name": "  ", "email": "new@example.org", "password": "long enough pw"], .unprocessableEntity, "validation_failed"),
                (["email": "new@example.org", "password": "long enough pw"], .badRequest, "invalid_request"),
                (["full_name": 42, "email": "new@example.org", "password": "long enough pw"], .badRequest, "invalid_request"),
            ]
            for (body, status, code) in cases {
                try await app.testing().test(.POST, "api/v1/auth/signup", headers: json, body: TestUsers.json(body)) { res async in
                    #expect(res.status == status, "\(body)")
                    #expect(res.errorCode == code, "\(body): \(res.body.string)")
                }
            }
        }
    }

    @Test func loginErrorsDoNotRevealWhetherTheEmailExists() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var bodies: [String] = []
            for email in [user.email, "nobody-here@example.org"] {
                try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                             body: TestUsers.json(["email": email, "password": "wrong password!"])) { res async throws in
                    #expect(res.status == .unauthorized)
                    let error = try res.json()["error"] as? [String: Any] ?? [:]
                    bodies.append("\(error["code"] ?? "")|\(error["message"] ?? "")")
                }
            }
            #expect(bodies.count == 2 && bodies[0] == bodies[1])
        }
    }

    @Test func disabledAccountsCannotSignIn() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let model = try #require(try await User.query(on: app.db).filter(\.$email == user.email).first())
            model.isActive = false
            try await model.save(on: app.db)
            try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                         body: TestUsers.json(["email": user.email, "password": user.password])) { res async in
                #expect(res.status == .forbidden)
                #expect(res.errorCode == "account_disabled")
            }
            // Tokens issued before the account was disabled stop working too.
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func passwordChangeSignsOutOtherSessions() async throws {
        try await withTestApp { app in
            let first = try await TestUsers.signUp(app)
            let second = try await TestUsers.login(app, email: first.email, password: first.password)
            try await app.testing().test(.POST, "api/v1/auth/password", headers: first.bearer.merging(json),
                                         body: TestUsers.json(["current_password": "wrong one!", "new_password": "brand new secret"])) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.POST, "api/v1/auth/password", headers: first.bearer.merging(json),
                                         body: TestUsers.json(["current_password": first.password, "new_password": "brand new secret"])) { res async in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: first.bearer) { res async in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: second.bearer) { res async in #expect(res.status == .unauthorized) }
            _ = try await TestUsers.login(app, email: first.email, password: "brand new secret")
        }
    }

    @Test func changingTheEmailNeedsThePassword() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let other = try await TestUsers.signUp(app)
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["email": "new-address@example.org"])) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["email": other.email.uppercased(), "current_password": user.password])) { res async in
                #expect(res.status == .conflict)
            }
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["email": "New-Address@example.org", "current_password": user.password,
                                                               "full_name": "Renamed", "locale": "fr", "theme": "dark"])) { res async throws in
                #expect(res.status == .ok)
                let body = try res.json()
                #expect(body["email"] as? String == "new-address@example.org")
                #expect(body["full_name"] as? String == "Renamed")
                #expect(body["locale"] as? String == "fr")
            }
            _ = try await TestUsers.login(app, email: "new-address@example.org", password: user.password)
        }
    }

    @Test func passwordsAreBcryptHashedAtTheConfiguredCost() async throws {
        try await withTestApp(["BCRYPT_COST": "12"]) { app in
            let user = try await TestUsers.signUp(app)
            let model = try #require(try await User.query(on: app.db).filter(\.$email == user.email).first())
            let hash = try #require(model.passwordHash)
            #expect(hash.hasPrefix("$2b$12$"))
            #expect(!hash.contains(user.password))
        }
    }
}

extension HTTPHeaders {
    func merging(_ other: HTTPHeaders) -> HTTPHeaders {
        var result = self
        for (name, value) in other { result.add(name: name, value: value) }
        return result
    }
}

@testable import AthletIQ
import Foundation
import Testing
import Vapor
import VaporTesting

/// A user signed up through the API, with what the client received.
struct SignedInUser {
    var id: String
    var email: String
    var password: String
    var accessToken: String
    var refreshToken: String
    /// The cookies the server set (access, refresh, csrf).
    var cookies: [String: String]

    var bearer: HTTPHeaders { ["Authorization": "Bearer \(accessToken)"] }

    /// Cookie authentication as a browser on our own origin sends it, with the CSRF token.
    func browser(origin: String = "http://localhost:8080", csrf: Bool = true) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Cookie": cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), "Origin": origin]
        if csrf, let token = cookies[AuthCookies.csrf] { headers.add(name: "X-CSRF-Token", value: token) }
        return headers
    }
}

enum TestUsers {
    static func uniqueEmail(_ prefix: String = "athlete") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

    static func signUp(_ app: Application, email: String? = nil, password: String = "correct horse battery",
                       name: String = "Test Athlete") async throws -> SignedInUser {
        let email = email ?? uniqueEmail()
        var result: SignedInUser?
        try await app.testing().test(.POST, "api/v1/auth/signup", headers: jsonHeaders,
                                     body: json(["full_name": name, "email": email, "password": password])) { res async throws in
            #expect(res.status == .created, "sign-up failed: \(res.body.string)")
            result = try user(from: res, email: email, password: password)
        }
        guard let result else { throw Abort(.internalServerError, reason: "no sign-up response") }
        return result
    }

    static func login(_ app: Application, email: String, password: String) async throws -> SignedInUser {
        var result: SignedInUser?
        try await app.testing().test(.POST, "api/v1/auth/login", headers: jsonHeaders,
                                     body: json(["email": email, "password": password])) { res async throws in
            #expect(res.status == .ok, "login failed: \(res.body.string)")
            result = try user(from: res, email: email, password: password)
        }
        guard let result else { throw Abort(.internalServerError, reason: "no login response") }
        return result
    }

    static func user(from res: TestingHTTPResponse, email: String, password: String) throws -> SignedInUser {
        let body = try res.json()
        let user = body["user"] as? [String: Any] ?? [:]
        return SignedInUser(id: user["id"] as? String ?? "", email: email, password: password,
                            accessToken: body["access_token"] as? String ?? "",
                            refreshToken: body["refresh_token"] as? String ?? "",
                            cookies: cookies(from: res))
    }

    static func cookies(from res: TestingHTTPResponse) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in res.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { cookies[String(parts[0])] = String(parts[1]) }
        }
        return cookies
    }
}

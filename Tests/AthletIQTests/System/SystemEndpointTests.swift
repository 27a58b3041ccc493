@testable import AthletIQ
import Foundation
import Testing
import Vapor
import VaporTesting
import NIOCore

@Suite struct SystemEndpointTests {
    static let productionEnvironment = [
        "ENVIRONMENT": "production",
        "JWT_SECRET": "k4J9x2LmQ8vR7tY1wZ3pN6sB5cD0fG2hJ8kL4mN7qR1t",
        "ENCRYPTION_KEY": Data((0..<32).map { UInt8($0 * 7 + 3) }).base64EncodedString(),
        "PUBLIC_URL": "https://athletiq.example.org",
        "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
        "LOG_LEVEL": "critical",
    ]

    @Test func healthAnswersWithSecurityHeaders() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "health") { res async throws in
                #expect(res.status == .ok)
                let body = try res.json()
                #expect(body["status"] as? String == "ok")
                #expect(body["environment"] as? String == "testing")
                #expect(body["version"] as? String == AppVersion.current)
                #expect(body["uptime_seconds"] is Double || body["uptime_seconds"] is Int)
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: "Referrer-Policy") != nil)
                #expect(res.headers.first(name: "X-Request-ID")?.isEmpty == false)
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
            }
        }
    }

    @Test func requestIDIsKeptWhenSaneAndReplacedWhenHostile() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "health", headers: ["X-Request-ID": "abc-123.X_y"]) { res async in
                #expect(res.headers.first(name: "X-Request-ID") == "abc-123.X_y")
            }
            try await app.testing().test(.GET, "health", headers: ["X-Request-ID": "bad id\"<script>"]) { res async in
                let id = res.headers.first(name: "X-Request-ID") ?? ""
                #expect(id != "bad id\"<script>")
                #expect(UUID(uuidString: id) != nil)
            }
        }
    }

    @Test func readyReportsDatabaseAndMigrations() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "ready") { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json()["status"] as? String == "ready")
            }
        }
        // Without migrations the app is alive but not ready.
        try await withTestApp(migrate: false) { app in
            guard !AppMigrations.all.isEmpty else { return }
            try await app.testing().test(.GET, "ready") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(try res.json()["status"] as? String == "not_ready")
            }
        }
    }

    @Test func unknownRouteIsJSONNotFound() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "no/such/thing") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.errorCode == "not_found")
                #expect(res.headers.contentType == .json)
            }
        }
    }

    struct SecretFailure: Error { var detail = "database password is hunter2" }

    @Test func internalErrorsHideInternalsUnlessDebug() async throws {
        try await withTestApp { app in
            app.get("boom") { _ -> String in throw SecretFailure() }
            try await app.testing().test(.GET, "boom", headers: ["X-Request-ID": "req-42"]) { res async throws in
                #expect(res.status == .internalServerError)
                let text = res.body.string
                #expect(res.errorCode == "internal_error")
                #expect(text.contains("req-42"))
                #expect(!text.contains("hunter2"))
                #expect(!text.contains("SecretFailure"))
            }
        }
        try await withTestApp(["DEBUG": "true"]) { app in
            app.get("boom") { _ -> String in throw SecretFailure() }
            try await app.testing().test(.GET, "boom") { res async in
                #expect(res.status == .internalServerError)
                #expect(res.body.string.contains("SecretFailure"))
            }
        }
    }

    @Test func malformedJSONGetsAClearMessage() async throws {
        struct Input: Content { var name: String; var count: Int }
        try await withTestApp { app in
            app.post("echo") { request -> Input in try request.content.decode(Input.self) }
            try await app.testing().test(.POST, "echo", headers: ["Content-Type": "application/json"], body: .init(string: #"{"name": "x"}"#)) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.errorCode == "invalid_request")
                #expect(res.body.string.contains("count"))
            }
            try await app.testing().test(.POST, "echo", headers: ["Content-Type": "application/json"], body: .init(string: "{not json")) { res async in
                #expect(res.status == .badRequest)
            }
            let huge = String(repeating: "a", count: 2 << 20)
            try await app.testing(method: .running(port: 0)).test(.POST, "echo", headers: ["Content-Type": "application/json"], body: .init(string: huge)) { res async in
                #expect(res.status == .payloadTooLarge)
                #expect(res.errorCode == "payload_too_large")
            }
        }
    }

    @Test func productionAddsHSTS() async throws {
        try await withTestApp(Self.productionEnvironment) { app in
            try await app.testing().test(.GET, "health") { res async in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            }
        }
    }

    /// A request as the server sees it when it arrives from `peer`.
    static func request(_ app: Application, _ path: String, peer: String, headers: HTTPHeaders) throws -> Request {
        Request(application: app, method: .GET, url: URI(string: path), headers: headers,
                remoteAddress: try SocketAddress(ipAddress: peer, port: 40000), on: app.eventLoopGroup.any())
    }

    struct OK: AsyncResponder {
        func respond(to request: Request) async throws -> Response { Response(status: .ok) }
    }

    @Test func plainHTTPThroughATrustedProxyIsRedirectedToHTTPS() async throws {
        try await withTestApp(Self.productionEnvironment) { app in
            let middleware = HTTPSRedirectMiddleware(publicURL: app.settings.http.publicURL)
            let viaProxy = try Self.request(app, "/health?x=1", peer: "10.1.2.3", headers: ["X-Forwarded-Proto": "http"])
            let redirected = try await middleware.respond(to: viaProxy, chainingTo: OK())
            #expect(redirected.status == .movedPermanently)
            #expect(redirected.headers.first(name: .location) == "https://athletiq.example.org/health?x=1")

            let secure = try Self.request(app, "/health", peer: "10.1.2.3", headers: ["X-Forwarded-Proto": "https"])
            #expect(try await middleware.respond(to: secure, chainingTo: OK()).status == .ok)

            // An untrusted peer cannot steer the scheme (nor the client address).
            let spoofed = try Self.request(app, "/health", peer: "203.0.113.9",
                                           headers: ["X-Forwarded-Proto": "http", "X-Forwarded-For": "1.2.3.4"])
            #expect(try await middleware.respond(to: spoofed, chainingTo: OK()).status == .ok)
            #expect(spoofed.clientIP == "203.0.113.9")
        }
    }

    @Test func clientAddressComesFromForwardedForOnlyBehindTrustedProxies() async throws {
        try await withTestApp(Self.productionEnvironment) { app in
            let chained = try Self.request(app, "/", peer: "127.0.0.1", headers: ["X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.5"])
            #expect(chained.clientIP == "198.51.100.7")
            let direct = try Self.request(app, "/", peer: "198.51.100.8", headers: [:])
            #expect(direct.clientIP == "198.51.100.8")
            let garbage = try Self.request(app, "/", peer: "127.0.0.1", headers: ["X-Forwarded-For": "not-an-ip"])
            #expect(garbage.clientIP == "127.0.0.1")
        }
    }

    @Test func corsAllowsOnlyListedOrigins() async throws {
        try await withTestApp(["ALLOWED_ORIGINS": "https://app.example.org"]) { app in
            try await app.testing().test(.GET, "health", headers: ["Origin": "https://app.example.org"]) { res async in
                #expect(res.headers.first(name: .accessControlAllowOrigin) == "https://app.example.org")
                #expect(res.headers.first(name: .accessControlAllowCredentials) == "true")
            }
            try await app.testing().test(.GET, "health", headers: ["Origin": "https://evil.example.com"]) { res async in
                let allowed = res.headers.first(name: .accessControlAllowOrigin) ?? ""
                #expect(allowed != "https://evil.example.com")
                #expect(allowed != "*")
            }
        }
    }

    @Test func metricsAreValidPrometheusText() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "health") { _ in }
            try await app.testing().test(.GET, "metrics") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
                let samples = try PrometheusText.parse(res.body.string)
                #expect(samples.contains { $0.name == "athletiq_http_requests_total" && $0.labels["route"] == "/health" && $0.labels["status"] == "200" && $0.value >= 1 })
                #expect(samples.contains { $0.name == "athletiq_http_request_duration_seconds_bucket" && $0.labels["le"] == "+Inf" })
                #expect(samples.contains { $0.name == "process_resident_memory_bytes" && $0.value > 0 })
                #expect(samples.contains { $0.name == "athletiq_import_jobs" && $0.labels["status"] == "queued" })
            }
        }
    }

    @Test func metricsShowTheStravaQuotaQueueAndWorker() async throws {
        try await StravaHarness.run { harness in
            let user = try await TestUsers.signUp(harness.app)
            harness.simulator.addAthlete(id: 801)
            harness.simulator.addHistory(athleteID: 801, count: 3, newest: StravaHarness.start.addingTimeInterval(-3600))
            try await harness.connect(user, athleteID: 801)
            func samples() async throws -> [PrometheusText.Sample] {
                var samples: [PrometheusText.Sample] = []
                try await harness.app.testing().test(.GET, "metrics") { res async throws in samples = try PrometheusText.parse(res.body.string) }
                return samples
            }
            func value(_ samples: [PrometheusText.Sample], _ name: String, _ labels: [String: String]) -> Double? {
                samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
            }
            var now = try await samples()
            #expect(value(now, "athletiq_strava_jobs", ["kind": "sync", "status": "pending"]) == 1)
            #expect(value(now, "athletiq_strava_quota_limit", ["kind": "read", "period": "15min"]) == 100)
            await harness.drain()
            now = try await samples()
            #expect(value(now, "athletiq_strava_jobs", ["kind": "enrich", "status": "done"]) == 3)
            // The gear list, the list page, and detail and streams of three activities.
            #expect(value(now, "athletiq_strava_quota_used", ["kind": "read", "period": "15min"]) == 8)
            #expect(value(now, "athletiq_strava_worker_jobs", ["kind": "enrich"]) == 3)
            #expect(value(now, "athletiq_strava_blocked_seconds", [:]) == 0)
        }
    }
}

@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct SettingsTests {
    let strongSecret = "k4J9x2LmQ8vR7tY1wZ3pN6sB5cD0fG2hJ8kL4mN7qR1t"
    var strongKey: String { Data((0..<32).map { UInt8($0 * 7 + 3) }).base64EncodedString() }

    @Test func productionWithoutSecretsListsEveryProblem() {
        let loaded = SettingsLoader.load(environment: ["ENVIRONMENT": "production", "STRAVA_CLIENT_ID": "123", "GOOGLE_CLIENT_ID": "g"],
                                         persistDevelopmentSecrets: false)
        let text = loaded.problems.joined(separator: "\n")
        for name in ["JWT_SECRET", "ENCRYPTION_KEY", "PUBLIC_URL", "STRAVA_CLIENT_SECRET", "GOOGLE_CLIENT_SECRET", "STRAVA_WEBHOOK_VERIFY_TOKEN"] {
            #expect(text.contains(name), "problems should name \(name): \(text)")
        }
        #expect(SettingsError(problems: loaded.problems).description.contains("6 problem"))
    }

    @Test func productionRejectsPlaceholdersAndWeakValues() {
        let loaded = SettingsLoader.load(environment: [
            "ENVIRONMENT": "production",
            "JWT_SECRET": "change-me-generate-with-openssl-rand-base64-48",
            "ENCRYPTION_KEY": "c2hvcnQ=",
            "PUBLIC_URL": "http://athletiq.example.org",
        ], persistDevelopmentSecrets: false)
        let text = loaded.problems.joined(separator: "\n")
        #expect(text.contains("JWT_SECRET still has the placeholder"))
        #expect(text.contains("ENCRYPTION_KEY must be 32 random bytes"))
        #expect(text.contains("PUBLIC_URL must be an https://"))

        let short = SettingsLoader.load(environment: ["ENVIRONMENT": "production", "JWT_SECRET": "tooshort",
                                                      "ENCRYPTION_KEY": Data(repeating: 1, count: 32).base64EncodedString(),
                                                      "PUBLIC_URL": "https://a.example.org"], persistDevelopmentSecrets: false)
        #expect(short.problems.contains { $0.contains("JWT_SECRET is too short") })
        #expect(short.problems.contains { $0.contains("ENCRYPTION_KEY is too weak") })
        // The JWT key handed on is never shorter than 32 bytes (jwt-kit traps on shorter keys).
        #expect(short.settings.secrets.jwtSecret.utf8.count >= 32)
    }

    /// Map tiles: OpenStreetMap's by default, a server of one's own, or off; the pages' policy
    /// names that one host for images and no other.
    @Test func mapTilesAreConfigurableAndTheOnlyOtherImageHost() async throws {
        let standard = SettingsLoader.load(environment: [:], persistDevelopmentSecrets: false).settings.http
        #expect(standard.mapTileURL == "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        #expect(standard.mapTileOrigin == "https://tile.openstreetmap.org")
        let own = SettingsLoader.load(environment: ["MAP_TILE_URL": "http://tiles.club.lan:8081/osm/{z}/{x}/{y}.png"],
                                      persistDevelopmentSecrets: false)
        #expect(own.problems.isEmpty)
        #expect(own.settings.http.mapTileOrigin == "http://tiles.club.lan:8081")
        let off = SettingsLoader.load(environment: ["MAP_TILE_URL": "off"], persistDevelopmentSecrets: false).settings.http
        #expect(off.mapTileURL == nil && off.mapTileOrigin == nil)
        for bad in ["ftp://tiles/{z}/{x}/{y}", "https://tiles.example/{z}/{x}.png", "https://x\"onerror=alert(1)/{z}/{x}/{y}"] {
            #expect(!SettingsLoader.load(environment: ["MAP_TILE_URL": bad], persistDevelopmentSecrets: false).problems.isEmpty, "\(bad)")
        }
        #expect(SecurityHeadersMiddleware.contentSecurityPolicy(tileOrigin: nil).contains("img-src 'self' data:;"))

        // The activity page with tiles, and with them off: the drawing stays for pages without JavaScript.
        for (setting, tiles) in [("https://tiles.example.org/{z}/{x}/{y}.png", true), ("off", false)] {
            try await withTestApp(["MAP_TILE_URL": setting]) { app in
                let user = try await TestUsers.signUp(app)
                let run = SyntheticActivity.make(seed: 5, start: Date().addingTimeInterval(-86_400), seconds: 900)
                let (_, body) = try await TestFiles.upload(app, user, [("run.fit", FITEncoder().encode(run))])
                let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
                try await app.testing().test(.GET, "activities/\(id)", headers: user.browser()) { res async in
                    let policy = res.headers.first(name: "Content-Security-Policy") ?? ""
                    let html = res.body.string
                    #expect(policy.contains(tiles ? "img-src 'self' data: https://tiles.example.org;" : "img-src 'self' data:;"), "\(policy)")
                    #expect(html.contains("data-tiles=\"https://tiles.example.org/{z}/{x}/{y}.png\"") == tiles)
                    #expect(html.contains("<svg class=\"route\""))
                }
            }
        }
    }

    @Test func productionWithEverythingSetHasNoProblems() {
        let loaded = SettingsLoader.load(environment: [
            "ENVIRONMENT": "production", "JWT_SECRET": strongSecret, "ENCRYPTION_KEY": strongKey,
            "PUBLIC_URL": "https://athletiq.example.org/", "FRONTEND_URL": "https://app.example.org",
            "STRAVA_CLIENT_ID": "42", "STRAVA_CLIENT_SECRET": "s3cr3t-strava-value", "STRAVA_WEBHOOK_VERIFY_TOKEN": "a1b2c3d4e5f6g7h8i9",
        ], persistDevelopmentSecrets: false)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let settings = loaded.settings
        #expect(settings.http.publicURL == "https://athletiq.example.org")
        #expect(settings.strava?.callbackURL == "https://athletiq.example.org/api/v1/auth/strava/callback")
        #expect(settings.cors.allowedOrigins == ["https://app.example.org"])
        #expect(settings.logging.format == .json)
        #expect(settings.debug == false)
        #expect(settings.secrets.encryptionKeys.count == 1)
    }

    @Test func developmentGeneratesSecretsOnceAndKeepsThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = SettingsLoader.load(environment: ["DATA_DIR": directory])
        #expect(first.problems.isEmpty)
        #expect(first.warnings.contains { $0.contains("secrets.env") })
        let second = SettingsLoader.load(environment: ["DATA_DIR": directory])
        #expect(first.settings.secrets.jwtSecret == second.settings.secrets.jwtSecret)
        #expect(first.settings.secrets.encryptionKeys == second.settings.secrets.encryptionKeys)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/secrets.env")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(first.settings.database == .sqlite(path: directory + "/athletiq.sqlite"))
    }

    @Test func corsDefaultsAndWildcardRefusal() {
        let development = SettingsLoader.load(environment: [:], persistDevelopmentSecrets: false).settings
        #expect(development.cors.allowedOrigins.contains("http://localhost:8080"))
        let wildcard = SettingsLoader.load(environment: ["ALLOWED_ORIGINS": "*, https://a.example.org"], persistDevelopmentSecrets: false)
        #expect(wildcard.problems.contains { $0.contains("ALLOWED_ORIGINS") })
        #expect(wildcard.settings.cors.allowedOrigins == ["https://a.example.org"])
    }

    @Test func databaseURLChoosesTheDriver() {
        let postgres = SettingsLoader.load(environment: ["DATABASE_URL": "postgres://u:p@db:5432/athletiq", "DB_POOL_SIZE": "24"],
                                           persistDevelopmentSecrets: false).settings
        #expect(postgres.database == .postgres(url: "postgres://u:p@db:5432/athletiq", poolSize: 24, poolTimeoutSeconds: 10, connectTimeoutSeconds: 10))
        #expect(DatabaseSetup.describe(postgres).contains("***"))
        #expect(!DatabaseSetup.describe(postgres).contains(":p@"))
        let bad = SettingsLoader.load(environment: ["DATABASE_URL": "mysql://x", "DB_POOL_SIZE": "0"], persistDevelopmentSecrets: false)
        #expect(bad.problems.contains { $0.contains("DATABASE_URL") })
    }

    @Test func malformedNumbersAndSizesAreReported() {
        let loaded = SettingsLoader.load(environment: ["PORT": "80a", "MAX_BODY_SIZE": "lots", "DEBUG": "maybe", "LOG_LEVEL": "loud"],
                                         persistDevelopmentSecrets: false)
        #expect(loaded.problems.count == 4, "\(loaded.problems)")
        #expect(ByteSize.parse("10mb") == 10 << 20)
        #expect(ByteSize.parse("512KB") == 512 << 10)
        #expect(ByteSize.parse("99999999999999gb") == nil)
    }

    @Test func dotEnvParsing() {
        let values = DotEnv.parse("""
            # comment
            export A=1
            B = "two words"
            C='single' 
            D=value # trailing comment
            =nokey
            """)
        #expect(values == ["A": "1", "B": "two words", "C": "single", "D": "value"])
    }

    @Test func trustedProxyRanges() throws {
        let range = try #require(IPAddressRange("10.0.0.0/8"))
        #expect(range.contains("10.1.2.3"))
        #expect(range.contains("::ffff:10.1.2.3"))
        #expect(!range.contains("11.0.0.1"))
        #expect(!range.contains("garbage"))
        let v6 = try #require(IPAddressRange("fd00::/8"))
        #expect(v6.contains("fd12::1"))
        #expect(!v6.contains("fe80::1"))
        #expect(IPAddressRange("10.0.0.0/33") == nil)
        #expect(IPAddressRange("nonsense") == nil)
    }
}

import Vapor

struct HealthResponse: Content, APISchema {
    var status: String
    var version: String
    var environment: String
    var uptimeSeconds: Double

    static var schema: Schema {
        .object([
            .init("status", .enumeration(["ok"])),
            .init("version", .string),
            .init("environment", .enumeration(AppEnvironment.allCases.map(\.rawValue))),
            .init("uptime_seconds", .number),
        ])
    }
}

struct ReadinessResponse: Content, APISchema {
    var status: String
    var database: String
    var pendingMigrations: [String]

    static var schema: Schema {
        .object([
            .init("status", .enumeration(["ready", "not_ready"])),
            .init("database", .enumeration(["ok", "unreachable"])),
            .init("pending_migrations", .array(.string)),
        ])
    }
}

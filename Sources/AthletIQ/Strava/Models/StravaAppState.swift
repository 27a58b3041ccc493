import Fluent
import Foundation
import SQLKit

/// Instance-wide Strava facts kept in the database, shared by every process: the push
/// subscription id, for instance.
enum StravaAppState {
    static let table = "strava_app_state"
    static let subscriptionKey = "webhook_subscription_id"

    static func get(_ key: String, on database: any Database) async throws -> String? {
        guard let sql = database as? any SQLDatabase else { return nil }
        struct Row: Decodable { var value: String }
        return try await sql.select().column("value").from(table).where("key", .equal, key).first(decoding: Row.self)?.value
    }

    static func set(_ key: String, _ value: String?, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: table).where("key", .equal, key).run()
        if let value {
            try await sql.insert(into: table).columns("key", "value").values(SQLBind(key), SQLBind(value)).run()
        }
    }
}

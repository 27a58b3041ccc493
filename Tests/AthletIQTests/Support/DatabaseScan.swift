@testable import AthletIQ
import Fluent
import FluentPostgresDriver
import Foundation
import Vapor

/// Looks through every column of every table for given ids: proof that nothing of a user is left.
enum DatabaseScan {
    struct Name: Decodable { var name: String }
    struct Count: Decodable { var count: Int }

    static func tables(_ sql: any SQLDatabase) async throws -> [String] {
        let query: SQLQueryString = TestDatabase.isPostgres
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return try await sql.raw(query).all(decoding: Name.self).map(\.name).filter { $0 != "_fluent_migrations" }
    }

    static func columns(_ sql: any SQLDatabase, table: String) async throws -> [String] {
        if TestDatabase.isPostgres {
            return try await sql.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table)")
                .all(decoding: Name.self).map(\.name)
        }
        return try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Name.self).map(\.name)
    }

    /// `table.column: count` of the rows holding any of `ids`.
    static func rowsMentioning(_ ids: [UUID], in database: any Database) async throws -> [String: Int] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        var found: [String: Int] = [:]
        for table in try await tables(sql) {
            for column in try await columns(sql, table: table) {
                for id in ids {
                    let query: SQLQueryString = TestDatabase.isPostgres
                        ? "SELECT COUNT(*) AS count FROM \(ident: table) WHERE CAST(\(ident: column) AS TEXT) = \(bind: id.uuidString.lowercased())"
                        : "SELECT COUNT(*) AS count FROM \(ident: table) WHERE \(ident: column) = \(bind: id)"
                    let count = try await sql.raw(query).first(decoding: Count.self)?.count ?? 0
                    if count > 0 { found["\(table).\(column)", default: 0] += count }
                }
            }
        }
        return found
    }
}

extension DatabaseScan {
    /// `table.column` of every column whose text contains `needle` anywhere (e.g. a token).
    static func columnsContaining(_ needle: String, in database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var found: [String] = []
        for table in try await tables(sql) {
            for column in try await columns(sql, table: table) {
                let pattern = "%" + needle + "%"
                let query: SQLQueryString = TestDatabase.isPostgres
                    ? "SELECT COUNT(*) AS count FROM \(ident: table) WHERE CAST(\(ident: column) AS TEXT) LIKE \(bind: pattern)"
                    : "SELECT COUNT(*) AS count FROM \(ident: table) WHERE CAST(\(ident: column) AS TEXT) LIKE \(bind: pattern)"
                if (try await sql.raw(query).first(decoding: Count.self)?.count ?? 0) > 0 { found.append("\(table).\(column)") }
            }
        }
        return found
    }
}

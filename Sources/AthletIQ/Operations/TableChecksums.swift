import Fluent
import Foundation
import SQLKit

/// A fingerprint of every table's content (row count and a digest of all rows in a stable
/// order), so a restore can prove it brought back exactly what was saved.
enum TableChecksums {
    struct Table: Codable, Equatable, Sendable {
        var rows: Int
        var digest: String
    }

    static func tables(_ sql: any SQLDatabase, postgres: Bool) async throws -> [String] {
        struct Name: Decodable { var name: String }
        let query: SQLQueryString = postgres
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        return try await sql.raw(query).all(decoding: Name.self).map(\.name).sorted()
    }

    static func columns(_ sql: any SQLDatabase, table: String, postgres: Bool) async throws -> [String] {
        struct Name: Decodable { var name: String }
        let query: SQLQueryString = postgres
            ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position"
            : "SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid"
        return try await sql.raw(query).all(decoding: Name.self).map(\.name)
    }

    static func all(_ database: any Database, postgres: Bool) async throws -> [String: Table] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        var result: [String: Table] = [:]
        for table in try await tables(sql, postgres: postgres) {
            result[table] = try await checksum(sql, table: table, postgres: postgres)
        }
        return result
    }

    static func checksum(_ sql: any SQLDatabase, table: String, postgres: Bool) async throws -> Table {
        struct Row: Decodable { var rows: Int; var digest: String? }
        if postgres {
            let row = try await sql.raw("""
                SELECT COUNT(*)::int AS rows, md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM \(ident: table) AS t
                """).first(decoding: Row.self)
            return Table(rows: row?.rows ?? 0, digest: row?.digest ?? "")
        }
        let columns = try await columns(sql, table: table, postgres: false)
        let expression = columns.map { "quote(\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\")" }.joined(separator: " || ',' || ")
        // SQLite has no digest function: the rows are joined in order and hashed here.
        struct Line: Decodable { var line: String? }
        let lines = try await sql.raw("SELECT \(unsafeRaw: expression) AS line FROM \(ident: table) ORDER BY 1")
            .all(decoding: Line.self).map { $0.line ?? "" }
        return Table(rows: lines.count, digest: SecureToken.hash(lines.joined(separator: "\n")))
    }
}

@testable import AthletIQ
import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import Vapor

@Suite struct MigrationTests {
    /// The tables of the database (without Fluent's own bookkeeping table).
    static func tables(_ app: Application) async throws -> Set<String> {
        guard let sql = app.db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var name: String }
        let query: SQLQueryString = TestDatabase.isPostgres
            ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        let rows = try await sql.raw(query).all(decoding: Row.self)
        return Set(rows.map(\.name)).subtracting(["_fluent_migrations"])
    }

    @Test func migrationsApplyRevertAndApplyAgain() async throws {
        try await withTestApp(migrate: false) { app in
            try await app.autoMigrate()
            let applied = try await Self.tables(app)
            #expect(try await AppMigrations.pending(on: app.db).isEmpty)

            try await app.autoRevert()
            #expect(try await Self.tables(app).isEmpty, "revert left tables behind")
            #expect(try await AppMigrations.pending(on: app.db).count == AppMigrations.all.count)

            try await app.autoMigrate()
            #expect(try await Self.tables(app) == applied)
        }
    }

    @Test func migrationNamesAreUnique() {
        let names = AppMigrations.all.map(\.name)
        #expect(Set(names).count == names.count)
    }
}

import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups while the app runs, and restores: SQLite's `VACUUM INTO` (a consistent copy made by
/// SQLite itself) or `pg_dump`, the stored upload files, and a manifest with every table's
/// checksum so a restore can prove it brought back exactly what was saved.
struct BackupService {
    let application: Application
    let logger: Logger

    struct Manifest: Codable, Sendable {
        var format = 1
        var version: String
        var createdAt: Date
        /// `sqlite` or `postgres`.
        var database: String
        var migrations: [String]
        var tables: [String: TableChecksums.Table]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var settings: Settings { application.settings }
    var postgres: Bool { settings.database.kind == "postgres" }
    static let databaseFile = "database.sqlite"
    static let dumpFile = "database.pgdump"

    /// Writes a backup into a new directory `destination` and returns its manifest.
    func backup(to destination: URL) async throws -> Manifest {
        let files = FileManager.default
        guard !files.fileExists(atPath: destination.path) else { throw Failure(description: "\(destination.path) exists already") }
        try files.createDirectory(at: destination, withIntermediateDirectories: true)
        guard let sql = application.db as? any SQLDatabase else { throw Failure(description: "no SQL database") }
        // The checksums describe exactly what was copied: on SQLite they are read from the copy,
        // on PostgreSQL from the snapshot the dump reads.
        var manifest = Manifest(version: AppVersion.current, createdAt: Date(), database: settings.database.kind,
                                migrations: try await Self.applied(sql), tables: [:])
        switch settings.database {
        case .sqlite, .sqliteInMemory:
            let target = destination.appendingPathComponent(Self.databaseFile).path
            try await sql.raw("VACUUM INTO \(bind: target)").run()
            manifest.tables = try await Self.checksumsOfSQLiteFile(target, application: application)
        case .postgres(let url, _, _, _):
            let target = destination.appendingPathComponent(Self.dumpFile).path
            // One exported snapshot: the checksums and the dump see exactly the same data.
            manifest.tables = try await application.db.transaction { database -> [String: TableChecksums.Table] in
                guard let sql = database as? any SQLDatabase else { return [:] }
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                struct Snapshot: Decodable { var id: String }
                guard let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Snapshot.self) else {
                    throw Failure(description: "PostgreSQL gave no snapshot")
                }
                let tables = try await TableChecksums.all(database, postgres: true)
                try await Self.run(tool: "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot.id)",
                                                     "--file=\(target)", "--dbname=\(url)"])
                return tables
            }
        }
        let uploads = URL(fileURLWithPath: ImportJobRunner.uploadsDirectory(settings))
        if files.fileExists(atPath: uploads.path) {
            try files.copyItem(at: uploads, to: destination.appendingPathComponent("files/imports"))
        }
        let encoder = JSONEncoder.api
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: destination.appendingPathComponent("manifest.json"))
        logger.notice("backup written", metadata: ["path": .string(destination.path), "tables": "\(manifest.tables.count)"])
        return manifest
    }

    /// Brings a backup back into the configured database (same schema version), then checks
    /// every table against the manifest.
    func restore(from source: URL) async throws -> Manifest {
        let manifest: Manifest
        do {
            manifest = try JSONDecoder.api.decode(Manifest.self, from: Data(contentsOf: source.appendingPathComponent("manifest.json")))
        } catch {
            throw Failure(description: "\(source.path) is not an athletIQ backup (no readable manifest.json)")
        }
        guard let sql = application.db as? any SQLDatabase else { throw Failure(description: "no SQL database") }
        guard manifest.database == settings.database.kind else {
            throw Failure(description: "the backup is of \(manifest.database), this server uses \(settings.database.kind)")
        }
        switch settings.database {
        case .sqlite, .sqliteInMemory:
            let applied = try await Self.applied(sql)
            guard applied == manifest.migrations else {
                throw Failure(description: "the backup was made with other migrations; restore it into the same athletIQ version")
            }
            try await restoreSQLite(source.appendingPathComponent(Self.databaseFile).path, sql: sql)
        case .postgres(let url, _, _, _):
            try await Self.run(tool: "pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                                                     "--dbname=\(url)", source.appendingPathComponent(Self.dumpFile).path])
        }
        let files = FileManager.default
        let saved = source.appendingPathComponent("files/imports")
        if files.fileExists(atPath: saved.path) {
            let uploads = URL(fileURLWithPath: ImportJobRunner.uploadsDirectory(settings))
            try? files.removeItem(at: uploads)
            try files.createDirectory(at: uploads.deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: saved, to: uploads)
        }
        let now = try await TableChecksums.all(application.db, postgres: postgres)
        let differing = manifest.tables.keys.sorted().filter { now[$0] != manifest.tables[$0] }
        guard differing.isEmpty else { throw Failure(description: "restored, but these tables differ from the backup: \(differing.joined(separator: ", "))") }
        logger.notice("backup restored", metadata: ["path": .string(source.path), "tables": "\(manifest.tables.count)"])
        return manifest
    }

    /// SQLite: the backup is attached and every table replaced in one transaction, through the
    /// connection the app already has (the file is never swapped under an open database).
    private func restoreSQLite(_ path: String, sql: any SQLDatabase) async throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "the backup has no \(Self.databaseFile)") }
        try await sql.raw("ATTACH DATABASE \(bind: path) AS backup").run()
        do {
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                for table in try await TableChecksums.tables(sql, postgres: false) where table != "_fluent_migrations" {
                    let columns = try await TableChecksums.columns(sql, table: table, postgres: false)
                        .map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: ", ")
                    try await sql.raw("DELETE FROM main.\(ident: table)").run()
                    try await sql.raw("INSERT INTO main.\(ident: table) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM backup.\(ident: table)").run()
                }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        } catch {
            try? await sql.raw("PRAGMA foreign_keys = ON").run()
            try? await sql.raw("DETACH DATABASE backup").run()
            throw error
        }
        try await sql.raw("DETACH DATABASE backup").run()
    }

    static func applied(_ sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { var name: String }
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, name").all(decoding: Row.self).map(\.name).sorted()
    }

    /// Checksums of a copy, read through a second, read-only application-less connection.
    static func checksumsOfSQLiteFile(_ path: String, application: Application) async throws -> [String: TableChecksums.Table] {
        guard let sql = application.db as? any SQLDatabase else { return [:] }
        try await sql.raw("ATTACH DATABASE \(bind: path) AS copy").run()
        defer { Task { try? await sql.raw("DETACH DATABASE copy").run() } }
        var result: [String: TableChecksums.Table] = [:]
        struct Name: Decodable { var name: String }
        let tables = try await sql.raw("SELECT name FROM copy.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .all(decoding: Name.self).map(\.name)
        for table in tables {
            struct Column: Decodable { var name: String }
            let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table), 'copy') ORDER BY cid").all(decoding: Column.self).map(\.name)
            let expression = columns.map { "quote(\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\")" }.joined(separator: " || ',' || ")
            struct Line: Decodable { var line: String? }
            let lines = try await sql.raw("SELECT \(unsafeRaw: expression) AS line FROM copy.\(ident: table) ORDER BY 1")
                .all(decoding: Line.self).map { $0.line ?? "" }
            result[table] = TableChecksums.Table(rows: lines.count, digest: SecureToken.hash(lines.joined(separator: "\n")))
        }
        return result
    }

    /// Runs a PostgreSQL client tool (found on PATH, or in PG_BIN), failing with its message.
    static func run(tool: String, _ arguments: [String]) async throws {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["PG_BIN"].map { $0 + "/" + tool }, "/usr/bin/" + tool, "/usr/lib/postgresql/15/bin/" + tool,
                          "/usr/local/bin/" + tool].compactMap { $0 }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "\(tool) was not found: install the PostgreSQL client tools (or set PG_BIN)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed: \(String(decoding: output, as: UTF8.self).prefix(500))")
        }
    }
}

import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Transactions that write, safe under the app's own concurrency on SQLite.
///
/// SQLite allows one writer. A deferred transaction that reads and then writes fails at once
/// with "database is locked" when another connection committed in between (waiting cannot help:
/// its snapshot is stale), and SQLiteNIO's busy handler spins a database thread while it waits.
/// So on SQLite the app's write transactions take turns through one in-process gate (awaited,
/// no thread held), each takes the write lock with its first statement, and one that still
/// meets a lock (another process on the same file) is retried whole after a short pause.
/// PostgreSQL needs none of this and runs the transaction as it is.
extension Database {
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction, let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(body)
        }
        return try await SQLiteWriteGate.for(self).withTurn {
            var attempt = 0
            while true {
                do {
                    return try await transaction { database in
                        // A write that changes nothing: the transaction now holds the write lock.
                        do {
                            try await (database as? any SQLDatabase)?.raw("DELETE FROM _fluent_migrations WHERE 0").run()
                        } catch where !DatabaseContention.isContention(error) {
                            // Not migrated yet: nothing else writes either.
                        }
                        return try await body(database)
                    }
                } catch where DatabaseContention.isContention(error) && attempt < 5 {
                    attempt += 1
                    try await Task.sleep(nanoseconds: UInt64(attempt) * 50_000_000)
                }
            }
        }
    }
}

/// Failures that say "the database is busy, try again" rather than anything about the data.
enum DatabaseContention {
    static func isContention(_ error: any Error) -> Bool {
        let text = String(describing: error)
        // SQLite's BUSY and LOCKED; PostgreSQL's serialization failure and deadlock.
        return text.contains("database is locked") || text.contains("database table is locked")
            || text.contains("sqlState: 40001") || text.contains("sqlState: 40P01")
            || text.contains("could not serialize access") || text.contains("deadlock detected")
    }
}

/// A first-come, first-served async lock: waiting costs a suspended task, never a thread.
/// One per SQLite database (file or named in-memory database) of the process.
actor SQLiteWriteGate {
    private static let gates = NIOLockedValueBox<[String: SQLiteWriteGate]>([:])

    static func `for`(_ database: any Database) -> SQLiteWriteGate {
        let key = storageKey(database)
        return gates.withLockedValue { gates in
            if let gate = gates[key] { return gate }
            let gate = SQLiteWriteGate()
            gates[key] = gate
            return gate
        }
    }

    /// Which SQLite storage the database uses (Fluent keeps it in its configuration).
    private static func storageKey(_ database: any Database) -> String {
        let storage = Mirror(reflecting: database.context.configuration).descendant("configuration", "storage")
        switch storage as? SQLiteConfiguration.Storage {
        case .memory(let identifier): return "memory:" + identifier
        case .file(let path): return "file:" + URL(fileURLWithPath: path).standardizedFileURL.path
        case nil: return "sqlite"
        }
    }

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func withTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

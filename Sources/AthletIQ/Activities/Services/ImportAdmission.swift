import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How many uploads may be decoded at once: per instance (in the request or as a job) and per
/// user (import jobs waiting or running, counted in the database so every instance agrees).
/// Beyond either, the upload is refused with 429 and `Retry-After` before its body is read.
final class ImportAdmission: Sendable {
    let instanceLimit: Int
    let userJobLimit: Int
    private let active = NIOLockedValueBox(0)

    init(instanceLimit: Int = 4, userJobLimit: Int = 2) {
        self.instanceLimit = instanceLimit
        self.userJobLimit = userJobLimit
    }

    /// A slot held while one upload is processed in its request.
    struct Slot: Sendable {
        fileprivate let admission: ImportAdmission
        func release() { admission.active.withLockedValue { $0 -= 1 } }
    }

    func admit(userID: UUID, database: any Database) async throws -> Slot {
        let jobs = try await ImportJob.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$status ~~ ["queued", "running"]).count()
        guard jobs < userJobLimit else {
            throw Self.busy("You have \(jobs) imports in progress; wait for one to finish.")
        }
        let admitted = active.withLockedValue { count in
            guard count < instanceLimit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Self.busy("The server is importing many uploads; try again in a minute.") }
        return Slot(admission: self)
    }

    static func busy(_ message: String) -> APIError {
        APIError(.tooManyRequests, code: "imports_busy", message: message, headers: ["Retry-After": "30"])
    }
}

extension Application {
    private struct AdmissionKey: StorageKey { typealias Value = ImportAdmission }

    var importAdmission: ImportAdmission {
        get {
            wired(AdmissionKey.self)
        }
        set { storage[AdmissionKey.self] = newValue }
    }
}

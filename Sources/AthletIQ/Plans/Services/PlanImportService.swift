import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Imports a coach file or CSV: each row is created, updated or skipped (with why). Sessions are
/// keyed by the plan they belong to (the file's name, or one the user gives) and by day and rank
/// within the day, so importing the same file twice changes nothing, a corrected file updates
/// what changed, and two plans covering the same days (running and gym) stay apart. The user's
/// other sessions, completions and links are never touched.
struct PlanImportService {
    let database: any Database
    let userID: UUID

    /// A plan's name as a key: lower-case letters, digits and dashes, without the extension.
    static func scope(_ name: String) -> String {
        let stem = (name as NSString).deletingPathExtension.lowercased()
        let cleaned = stem.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let squeezed = String(cleaned).split(separator: "-").joined(separator: "-")
        return squeezed.isEmpty ? "plan" : String(squeezed.prefix(60))
    }

    func importFile(_ data: Data, plan name: String) async throws -> PlanImportReport {
        let scope = Self.scope(name)
        let rows: [PlanFileParser.Row]
        do {
            rows = try PlanFileParser.parse(data)
        } catch let failure as PlanFileParser.Failure {
            switch failure.code {
            case .binary: throw APIError(.unsupportedMediaType, code: "unsupported_file", message: failure.description)
            case .tooLarge: throw APIError(.payloadTooLarge, code: "file_too_large", message: failure.description)
            case .empty: throw APIError.validation(failure.description, code: "empty_file")
            case .noHeader: throw APIError.validation(failure.description, code: "invalid_file")
            }
        }
        let existing = try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID).filter(\.$source == "file")
            .filter(\.$sourceKey, .custom("LIKE"), scope + "|%").all()
        let known = Dictionary(existing.compactMap { plan in plan.sourceKey.map { ($0, plan) } }, uniquingKeysWith: { a, _ in a })
        let userID = self.userID
        return try await database.writeTransaction { database -> PlanImportReport in
            var byKey = known
            var report = PlanImportReport()
            report.plan = scope
            for row in rows {
                switch row.outcome {
                case .skipped(let reason):
                    report.add(.init(line: row.line, status: .skipped, message: reason))
                case .session(let session, let dayKey, let warnings):
                    let key = scope + "|" + dayKey
                    let note = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
                    if let plan = byKey[key] {
                        if Self.same(plan, session) {
                            report.add(.init(line: row.line, status: .skipped, planId: plan.id, message: "unchanged"))
                        } else {
                            Self.copy(session, to: plan)
                            try await plan.save(on: database)
                            report.add(.init(line: row.line, status: .updated, planId: plan.id, message: note))
                        }
                    } else {
                        let plan = PlannedWorkout()
                        plan.$user.id = userID
                        plan.source = "file"
                        plan.sourceKey = key
                        Self.copy(session, to: plan)
                        try await plan.create(on: database)
                        byKey[key] = plan
                        report.add(.init(line: row.line, status: .imported, planId: plan.id, message: note))
                    }
                }
            }
            return report
        }
    }

    static func copy(_ session: PlannedSession, to plan: PlannedWorkout) {
        plan.date = session.date
        plan.time = session.time
        plan.name = session.name
        plan.type = session.type.rawValue
        plan.sport = session.sport.rawValue
        plan.distance = session.distance
        plan.duration = session.duration
        plan.targetSpeed = session.targetSpeed
        plan.elevationGain = session.elevationGain
        plan.zone = session.zone
        plan.descriptionText = session.description
        plan.coachNotes = session.coachNotes
        plan.phase = session.phase
        plan.week = session.week
        plan.rpe = session.rpe
    }

    static func same(_ plan: PlannedWorkout, _ session: PlannedSession) -> Bool {
        func close(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): return true
            case let (x?, y?): return abs(x - y) < 1e-6
            default: return false
            }
        }
        return plan.date == session.date && plan.time == session.time && plan.name == session.name
            && plan.type == session.type.rawValue && plan.sport == session.sport.rawValue
            && close(plan.distance, session.distance) && close(plan.duration, session.duration)
            && close(plan.targetSpeed, session.targetSpeed) && close(plan.elevationGain, session.elevationGain)
            && plan.zone == session.zone && plan.descriptionText == session.description && plan.coachNotes == session.coachNotes
            && plan.phase == session.phase && plan.week == session.week && plan.rpe == session.rpe
    }
}

struct PlanImportReport: Content, APISchema {
    struct Row: Content {
        enum Status: String, Codable { case imported, updated, skipped }
        var line: Int
        var status: Status
        var planId: UUID?
        var message: String?
    }

    /// The plan the rows were filed under (see `PlanImportService.scope`).
    var plan = ""
    var imported = 0
    var updated = 0
    var skipped = 0
    var rows: [Row] = []

    mutating func add(_ row: Row) {
        rows.append(row)
        switch row.status {
        case .imported: imported += 1
        case .updated: updated += 1
        case .skipped: skipped += 1
        }
    }

    static var schema: Schema {
        .object([.init("plan", .string(description: "The plan the sessions belong to: re-importing under this name updates them")),
                 .init("imported", .integer), .init("updated", .integer), .init("skipped", .integer),
                 .init("rows", .array(.object([.init("line", .integer), .init("status", .enumeration(["imported", "updated", "skipped"])),
                                                .init("plan_id", .string(format: "uuid"), required: false),
                                                .init("message", .string(description: "Why a row was skipped, or a warning"), required: false)])))])
    }
}

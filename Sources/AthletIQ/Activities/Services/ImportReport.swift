import Foundation
import Vapor

/// What happened to one file of an upload.
struct ImportOutcome: Content, APISchema {
    enum Status: String, Codable { case imported, duplicate, failed, skipped }

    var path: String
    var status: Status
    var activityID: UUID?
    /// For failures and skips: a stable code (`invalid_file`, `unsupported_file`...) and a sentence.
    var code: String?
    var message: String?

    // `activityId` is what the API's snake-case coders turn `activity_id` into, both ways (the
    // report of a job is stored as JSON and read back).
    enum CodingKeys: String, CodingKey { case path, status, activityID = "activityId", code, message }

    static var schema: Schema {
        .object([
            .init("path", .string), .init("status", .enumeration(["imported", "duplicate", "failed", "skipped"])),
            .init("activity_id", .string(format: "uuid"), required: false),
            .init("code", .string, required: false), .init("message", .string, required: false),
        ])
    }
}

/// The outcome of an upload, file by file.
struct ImportReport: Content, APISchema {
    static var related: [any APISchema.Type] { [ImportOutcome.self] }

    var files: [ImportOutcome] = []
    var imported: Int { files.filter { $0.status == .imported }.count }
    var duplicates: Int { files.filter { $0.status == .duplicate }.count }
    var failed: Int { files.filter { $0.status == .failed }.count }
    var skipped: Int { files.filter { $0.status == .skipped }.count }

    enum CodingKeys: String, CodingKey { case files, imported, duplicates, failed, skipped }

    init(files: [ImportOutcome] = []) { self.files = files }

    init(from decoder: any Decoder) throws {
        files = try decoder.container(keyedBy: CodingKeys.self).decode([ImportOutcome].self, forKey: .files)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(files, forKey: .files)
        try container.encode(imported, forKey: .imported)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(failed, forKey: .failed)
        try container.encode(skipped, forKey: .skipped)
    }

    static var schema: Schema {
        .object([
            .init("files", .array(.reference(ImportOutcome.schemaName))),
            .init("imported", .integer), .init("duplicates", .integer), .init("failed", .integer), .init("skipped", .integer),
        ])
    }
}

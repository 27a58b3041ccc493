import AthletIQCore
import Foundation
import Vapor

/// Takes an upload from the API or the import page: admitted only when the user and the
/// instance have room, written to disk as it arrives, split into its files on the compute pool,
/// then handed to one import job; the request waits for a small upload's job (up to
/// `UPLOAD_WAIT`) and answers with its report.
struct UploadService {
    /// Uploads up to this size (and this many files) are waited for within the request.
    static let inlineBytes = 8 << 20
    static let inlineFiles = 25

    enum Outcome {
        /// Imported now; `single` when one file was sent and it was the only one inside.
        case report(ImportReport, single: Bool)
        case job(ImportJob)
    }

    let request: Request
    let userID: UUID

    func upload() async throws -> Outcome {
        let slot = try await request.application.importAdmission.admit(userID: userID, database: request.db)
        defer { slot.release() }
        let spool = UploadSpool(settings: request.settings)
        let body = try await spool.receive(request, limit: request.settings.http.maxUploadBytes)
        let contentType = request.headers.contentType
        let rawName = request.headers.first(name: "X-Filename") ?? request.query[String.self, at: "filename"] ?? "upload"
        return try await ComputePool.run {
            let incoming = spool.directory + "/" + UUID().uuidString
            var handedToJob = false
            defer { if !handedToJob { try? FileManager.default.removeItem(atPath: incoming) } }
            var parts: [UploadSpool.Part]
            if let type = contentType, type.type == "multipart", type.subType == "form-data" {
                guard let boundary = type.parameters["boundary"] else {
                    try? FileManager.default.removeItem(atPath: body.path)
                    throw APIError.badRequest("The multipart body has no boundary.")
                }
                parts = try UploadSpool.splitMultipart(at: body.path, boundary: boundary, into: incoming)
            } else {
                let name = UploadController.safeName(rawName)
                try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
                let path = "\(incoming)/0_\(name)"
                try FileManager.default.moveItem(atPath: body.path, toPath: path)
                parts = [UploadSpool.Part(name: name, path: path, size: body.size)]
            }
            if parts.count > 1 { parts = parts.filter { $0.size > 0 } }
            guard !parts.isEmpty else { throw APIError.badRequest("No file was sent.", code: "no_file") }
            if parts.count == 1, parts[0].size == 0 { throw APIError.validation("The file is empty.", code: "empty_file") }
            var files = 0
            for part in parts {
                let data = try Self.read(part)
                guard UploadController.isAcceptable(name: part.name, data: data) else {
                    throw APIError(.unsupportedMediaType, code: "unsupported_file",
                                   message: "\(part.name) is not a FIT, GPX or TCX file, nor a .gz or .zip of them.")
                }
                files += ActivityFiles.estimatedFileCount(name: part.name, data: data)
            }
            let total = parts.reduce(0) { $0 + $1.size }
            let large = total > Self.inlineBytes || files > Self.inlineFiles
            let job = try await startJob(directory: incoming, parts: parts, estimatedFiles: files, waitsForTurn: large)
            handedToJob = true
            return large ? .job(job) : try await outcome(of: job, single: parts.count == 1)
        }
    }

    /// A small upload's report once its job has ended, or the job itself when the import takes
    /// longer than the request may wait (a slow machine, a huge track in a small zip): the
    /// server's idle timeout would otherwise cut the connection of a request still waiting.
    private func outcome(of job: ImportJob, single: Bool) async throws -> Outcome {
        let id = try job.requireID()
        guard await request.application.importJobs.wait(for: id, seconds: request.settings.http.uploadWaitSeconds),
              let ended = try await ImportJob.find(id, on: request.db), ended.status == "done" || ended.status == "failed" else {
            return .job(try await ImportJob.find(id, on: request.db) ?? job)
        }
        // The report goes back in the answer: the job was only the way there.
        try await ended.delete(on: request.db)
        guard ended.status == "done", let json = ended.reportJSON,
              let report = try? JSONDecoder.api.decode(ImportReport.self, from: Data(json.utf8)) else {
            throw APIError(.internalServerError, code: "internal_error", message: ended.error ?? "The upload could not be imported.")
        }
        return .report(report, single: single && report.files.count == 1)
    }

    /// One file of an upload imported; a file that cannot be read is a failed entry of the report.
    static func importPart(_ part: UploadSpool.Part, importer: ActivityImporter, progress: ActivityImporter.Progress? = nil) async -> ImportReport {
        do {
            return try await importer.importUpload(name: part.name, data: try read(part), progress: progress)
        } catch let error as FileDecodeError {
            return ImportReport(files: [ImportOutcome(path: part.name, status: .failed, code: error.code == .tooLarge ? "too_large" : "invalid_file",
                                                      message: error.description)])
        } catch {
            importer.logger.error("import of an upload failed", metadata: ["path": .string(part.name), "error": "\(String(reflecting: error))"])
            return ImportReport(files: [ImportOutcome(path: part.name, status: .failed, code: "internal_error",
                                                      message: "The file could not be stored.")])
        }
    }

    static func read(_ part: UploadSpool.Part) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: part.path), options: .alwaysMapped)
    }

    /// One job for the whole upload: its files move to the job's directory.
    private func startJob(directory: String, parts: [UploadSpool.Part], estimatedFiles: Int, waitsForTurn: Bool) async throws -> ImportJob {
        let id = UUID()
        let target = ImportJobRunner.uploadsDirectory(request.settings) + "/\(id.uuidString).d"
        try FileManager.default.moveItem(atPath: directory, toPath: target)
        let job = ImportJob()
        job.id = id
        job.$user.id = userID
        job.filename = parts.count == 1 ? parts[0].name : "\(parts.count) files"
        job.status = "queued"
        job.total = estimatedFiles
        job.processed = 0
        job.imported = 0
        job.duplicates = 0
        job.failedCount = 0
        job.uploadPath = target
        do {
            try await job.create(on: request.db)
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
        request.application.importJobs.start(jobID: id, userID: userID, path: target, filename: job.filename, waitsForTurn: waitsForTurn)
        return job
    }
}

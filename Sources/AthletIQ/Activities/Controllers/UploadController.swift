import AthletIQCore
import Fluent
import Foundation
import MultipartKit
import NIOCore
import Vapor

/// Uploads: one or many FIT/GPX/TCX files, `.gz`, `.zip`, or a whole Strava export. Small
/// uploads are imported within the request; larger ones become an import job.
struct UploadController {
    /// Uploads up to this size (and this many files) are processed within the request.
    static let inlineBytes = 8 << 20
    static let inlineFiles = 25


    func register(signedIn: any RoutesBuilder) {
        let activities = signedIn.grouped("api", "v1", "activities")
        activities.on(.POST, "upload", body: .stream, use: upload)
            .doc("Upload activity files: multipart `file` fields, or the raw bytes of one file with its name in `X-Filename` or `?filename=`",
                 tag: "Activities", access: .signedIn,
                 body: .media("multipart/form-data", .object([.init("file", .array(.binary))])),
                 query: [QueryParameter("filename", .string, "Name of the file, for a raw upload")],
                 responses: [.json(201, "Imported (report per file)", ImportReport.self),
                             .json(200, "Nothing new imported (report per file)", ImportReport.self),
                             .json(202, "Large upload: an import job was started", ImportJobResponse.self),
                             .json(409, "The file was imported already", ErrorBodySchema.self),
                             .json(413, "Larger than MAX_UPLOAD_SIZE", ErrorBodySchema.self),
                             .json(415, "Not a FIT, GPX or TCX file or an archive of them", ErrorBodySchema.self),
                             .json(422, "The file is damaged (the message says where)", ErrorBodySchema.self)])
        let imports = signedIn.grouped("api", "v1", "imports")
        imports.get(use: listJobs)
            .doc("My recent import jobs", tag: "Activities", access: .signedIn,
                 responses: [.jsonArray(200, "Most recent first", of: ImportJobResponse.self)])
        imports.get(":jobID", use: job)
            .doc("Progress and report of an import job", tag: "Activities", access: .signedIn,
                 responses: [.json(200, "The job", ImportJobResponse.self)])
    }

    func upload(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        let limit = request.settings.http.maxUploadBytes
        var uploads: [(name: String, data: Data)] = []
        if let type = request.headers.contentType, type.type == "multipart", type.subType == "form-data" {
            let body = try await collect(request, limit: limit)
            guard let boundary = type.parameters["boundary"] else { throw APIError.badRequest("The multipart body has no boundary.") }
            uploads = try Self.fileParts(body, boundary: boundary)
        } else {
            let name = request.headers.first(name: "X-Filename") ?? (try? request.query.get(String.self, at: "filename")) ?? "upload"
            uploads = [(String(name.prefix(255)), Data((try await collect(request, limit: limit)).readableBytesView))]
        }
        uploads = uploads.filter { !$0.data.isEmpty || uploads.count == 1 }
        guard !uploads.isEmpty else { throw APIError.badRequest("No file was sent.", code: "no_file") }
        if uploads.count == 1, uploads[0].data.isEmpty {
            throw APIError.validation("The file is empty.", code: "empty_file")
        }
        for upload in uploads where !Self.isAcceptable(name: upload.name, data: upload.data) {
            throw APIError(.unsupportedMediaType, code: "unsupported_file",
                           message: "\(upload.name) is not a FIT, GPX or TCX file, nor a .gz or .zip of them.")
        }
        let total = uploads.reduce(0) { $0 + $1.data.count }
        let files = uploads.reduce(0) { $0 + ActivityFiles.estimatedFileCount(name: $1.name, data: $1.data) }
        if total > Self.inlineBytes || files > Self.inlineFiles {
            return try await startJobs(request, userID: userID, uploads: uploads, estimatedFiles: files)
        }
        let importer = ActivityImporter(database: request.db, userID: userID, logger: request.logger)
        var report = ImportReport()
        for upload in uploads {
            do {
                report.files += try await importer.importUpload(name: upload.name, data: upload.data).files
            } catch let error as FileDecodeError {
                report.files.append(ImportOutcome(path: upload.name, status: .failed, code: error.code == .tooLarge ? "too_large" : "invalid_file",
                                                  message: error.description))
            }
        }
        return try await respond(request, report: report, single: uploads.count == 1 && report.files.count == 1)
    }

    /// A single file's failure is an HTTP error; several files get a report.
    private func respond(_ request: Request, report: ImportReport, single: Bool) async throws -> Response {
        if single, let outcome = report.files.first {
            switch outcome.status {
            case .failed:
                let status: HTTPResponseStatus = outcome.code == "unsupported_file" ? .unsupportedMediaType
                    : outcome.code == "too_large" ? .payloadTooLarge : .unprocessableEntity
                throw APIError(status, code: outcome.code ?? "invalid_file", message: outcome.message ?? "The file cannot be read.")
            case .duplicate:
                throw APIError.conflict(outcome.message ?? "Already imported.", code: "duplicate")
            default: break
            }
        }
        return try await report.encodeResponse(status: report.imported > 0 ? .created : .ok, for: request)
    }

    private func startJobs(_ request: Request, userID: UUID, uploads: [(name: String, data: Data)], estimatedFiles: Int) async throws -> Response {
        let directory = ImportJobRunner.uploadsDirectory(request.settings)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var first: ImportJob?
        for upload in uploads {
            let job = ImportJob()
            job.$user.id = userID
            job.filename = upload.name
            job.status = "queued"
            job.total = ActivityFiles.estimatedFileCount(name: upload.name, data: upload.data)
            job.processed = 0
            job.imported = 0
            job.duplicates = 0
            job.failedCount = 0
            let id = UUID()
            job.id = id
            let path = "\(directory)/\(id.uuidString).upload"
            try upload.data.write(to: URL(fileURLWithPath: path))
            job.uploadPath = path
            try await job.create(on: request.db)
            request.application.importJobs.start(jobID: id, userID: userID, path: path, filename: upload.name)
            if first == nil { first = job }
        }
        guard let first else { throw APIError.badRequest("No file was sent.", code: "no_file") }
        let response = try await ImportJobResponse(first, withReport: false).encodeResponse(status: .accepted, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/imports/\(try first.requireID())")
        return response
    }

    private func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw APIError(.payloadTooLarge, code: "payload_too_large", message: "The upload is larger than \(limit / (1 << 20)) MB.")
        }
        var buffer = ByteBuffer()
        for try await chunk in request.body {
            guard buffer.readableBytes + chunk.readableBytes <= limit else {
                throw APIError(.payloadTooLarge, code: "payload_too_large", message: "The upload is larger than \(limit / (1 << 20)) MB.")
            }
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        return buffer
    }

    /// The file parts of a multipart body (any field with a filename: `file`, `file[]`, `files`).
    static func fileParts(_ body: ByteBuffer, boundary: String) throws -> [(name: String, data: Data)] {
        let parser = MultipartParser(boundary: boundary)
        var files: [(name: String, data: Data)] = []
        var headers: [String: String] = [:]
        var current = Data()
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in current.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            if let disposition = headers["content-disposition"], let filename = Self.filename(in: disposition) {
                files.append((filename, current))
            }
            headers = [:]
            current = Data()
        }
        do {
            try parser.execute(body)
        } catch {
            throw APIError.badRequest("The multipart body is malformed.", code: "invalid_request")
        }
        return files
    }

    /// `filename="…"` of a Content-Disposition header, without any directories.
    static func filename(in disposition: String) -> String? {
        for part in disposition.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix("filename=") else { continue }
            var value = String(pair.dropFirst(9))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            let name = value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? value
            return name.isEmpty ? "upload" : String(name.prefix(255))
        }
        return nil
    }

    static func isAcceptable(name: String, data: Data) -> Bool {
        switch ActivityFiles.kind(name: name, data: data) {
        case .activity, .gzip, .zip: return true
        case .other: return false
        }
    }

    func listJobs(request: Request) async throws -> [ImportJobResponse] {
        try await ImportJob.query(on: request.db).filter(\.$user.$id == request.currentUserID)
            .sort(\.$createdAt, .descending).limit(50).all().map { try ImportJobResponse($0, withReport: false) }
    }

    func job(request: Request) async throws -> ImportJobResponse {
        guard let id = request.parameters.get("jobID", as: UUID.self),
              let job = try await ImportJob.find(id, on: request.db), job.$user.id == (try request.currentUserID) else {
            throw APIError.notFound("import job")
        }
        return try ImportJobResponse(job, withReport: true)
    }
}

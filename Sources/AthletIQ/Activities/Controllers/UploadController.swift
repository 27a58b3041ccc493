import AthletIQCore
import Fluent
import Foundation
import MultipartKit
import NIOCore
import Vapor

/// Uploads: one or many FIT/GPX/TCX files, `.gz`, `.zip`, or a whole Strava export. Small
/// uploads are imported within the request; larger ones become an import job.
struct UploadController {

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
        switch try await UploadService(request: request, userID: try request.currentUserID).upload() {
        case .report(let report, let single):
            return try await respond(request, report: report, single: single)
        case .job(let job):
            let response = try await ImportJobResponse(job, withReport: false).encodeResponse(status: .accepted, for: request)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/imports/\(try job.requireID())")
            return response
        }
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

    /// A file name without directories or control characters, at most 255 characters.
    static func safeName(_ raw: String) -> String {
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? raw
        let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(255))
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "upload" : cleaned
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
            return safeName(value)
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

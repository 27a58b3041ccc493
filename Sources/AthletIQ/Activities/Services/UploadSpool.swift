import Foundation
import MultipartKit
import NIOCore
import NIOPosix
import Vapor

/// An upload written to disk as it arrives, never held whole in memory (three 500 MB uploads
/// held in memory took the server to 1.9 GB), then split into its files there.
struct UploadSpool {
    /// One file of an upload, on disk.
    struct Part: Sendable {
        var name: String
        var path: String
        var size: Int
    }

    /// Files one request may carry; more is refused (one body of 1,000 tiny parts made 1,000 jobs).
    static let maxParts = 100

    let directory: String

    init(settings: Settings) {
        directory = ImportJobRunner.uploadsDirectory(settings) + "/incoming"
    }

    /// Streams the request body to a new file, refusing it past `limit` bytes.
    func receive(_ request: Request, limit: Int) async throws -> (path: String, size: Int) {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw Self.tooLarge(limit)
        }
        try await ComputePool.run { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let path = "\(directory)/\(UUID().uuidString).body"
        let fileIO = request.application.fileio
        let eventLoop = request.eventLoop
        let handle = try await fileIO.openFile(path: path, mode: .write, flags: .allowFileCreation(posixMode: 0o600), eventLoop: eventLoop).get()
        var size = 0
        let minimumRate = request.settings.http.minUploadBytesPerSecond
        let started = ContinuousClock.now
        do {
            defer { try? handle.close() }
            for try await chunk in request.body {
                size += chunk.readableBytes
                guard size <= limit else { throw Self.tooLarge(limit) }
                // A body trickling in (one byte a second held a connection for 90 s) is cut off
                // once it has had 30 s to show a reasonable pace.
                let elapsed = ContinuousClock.now - started
                if elapsed > .seconds(30), Double(size) < Double(minimumRate) * Double(elapsed.components.seconds) {
                    throw APIError(.requestTimeout, code: "upload_too_slow", message: "The upload is too slow; try again on a better connection.")
                }
                try await fileIO.write(fileHandle: handle, buffer: chunk, eventLoop: eventLoop).get()
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            if error is APIError { throw error }
            // The client went away or sent a broken body: its problem, not a server error.
            request.logger.notice("upload aborted", metadata: ["error": "\(error)"])
            throw APIError.badRequest("The upload was interrupted.", code: "upload_interrupted")
        }
        return (path, size)
    }

    /// The file parts of a multipart body stored at `path`, each written to its own file in
    /// `target` (read and written in chunks; run it on the compute pool). The body file is removed.
    static func splitMultipart(at path: String, boundary: String, into target: String) throws -> [Part] {
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        guard let input = FileHandle(forReadingAtPath: path) else { throw APIError.badRequest("The upload could not be read.") }
        defer { try? input.close() }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [String: String] = [:]
        var output: FileHandle?
        var current: Part?
        var failure: Error?
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            if current == nil, failure == nil, let disposition = headers["content-disposition"],
               let filename = UploadController.filename(in: disposition) {
                guard parts.count < maxParts else {
                    failure = APIError.validation("At most \(maxParts) files per upload; send an archive (.zip) for more.", code: "too_many_files")
                    return
                }
                let file = "\(target)/\(parts.count)_\(filename)"
                FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600])
                output = FileHandle(forWritingAtPath: file)
                current = Part(name: filename, path: file, size: 0)
            }
            guard current != nil, let output else { return }
            output.write(Data(buffer.readableBytesView))
            current?.size += buffer.readableBytes
        }
        parser.onPartComplete = {
            try? output?.close()
            output = nil
            if let part = current { parts.append(part) }
            // A file field with no bytes still counts as a (empty) file.
            else if failure == nil, let disposition = headers["content-disposition"], let filename = UploadController.filename(in: disposition),
                    parts.count < maxParts {
                let file = "\(target)/\(parts.count)_\(filename)"
                FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600])
                parts.append(Part(name: filename, path: file, size: 0))
            }
            current = nil
            headers = [:]
        }
        do {
            while failure == nil, let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try parser.execute(ByteBuffer(data: chunk))
            }
        } catch {
            failure = APIError.badRequest("The multipart body is malformed.", code: "invalid_request")
        }
        try? output?.close()
        if let failure {
            try? FileManager.default.removeItem(atPath: target)
            throw failure
        }
        return parts
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.payloadTooLarge, code: "payload_too_large", message: "The upload is larger than \(limit / (1 << 20)) MB.")
    }
}

@testable import AthletIQ
import AthletIQCore
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting

/// Files from Tests/Fixtures, and uploads of them.
enum TestFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(path))
    }

    /// A multipart/form-data body with `file` fields.
    static func multipart(_ files: [(name: String, data: Data)]) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "athletiq-test-\(UUID().uuidString)"
        var body = Data()
        for file in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.data
            body += Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    /// Uploads files and returns the status and JSON body.
    @discardableResult
    static func upload(_ app: Application, _ user: SignedInUser, _ files: [(name: String, data: Data)]) async throws -> (HTTPStatus, [String: Any]) {
        let (headers, body) = multipart(files)
        return try await post(app, headers: user.bearer.merging(headers), body: body)
    }

    static func raw(_ app: Application, _ user: SignedInUser, name: String, data: Data) async throws -> (HTTPStatus, [String: Any]) {
        var headers = user.bearer
        headers.add(name: "X-Filename", value: name)
        headers.add(name: .contentType, value: "application/octet-stream")
        return try await post(app, headers: headers, body: ByteBuffer(bytes: data))
    }

    /// Sends an upload over real HTTP (uploads stream their body), on the app's running server
    /// or on one started for it, through a client that waits as long as a busy machine needs.
    private static func post(_ app: Application, headers: HTTPHeaders, body: ByteBuffer) async throws -> (HTTPStatus, [String: Any]) {
        let starts = app.http.server.shared.localAddress == nil
        if starts { try await app.server.start(address: .hostname("127.0.0.1", port: 0)) }
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            let answer = try await withPatientClient { client in
                try await client.send(.POST, "http://127.0.0.1:\(port)/api/v1/activities/upload", headers: headers, body: body)
            }
            if starts { await app.server.shutdown() }
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: answer.body))) as? [String: Any]
            return (HTTPStatus(statusCode: Int(answer.status)), json ?? [:])
        } catch {
            if starts { await app.server.shutdown() }
            throw error
        }
    }

    static func gzip(_ data: Data) throws -> Data { try Deflate.gzip(data) }

    static func zip(_ files: [(String, Data)]) throws -> Data {
        let writer = try ZipArchiveWriter()
        for (path, data) in files { try writer.add(path: path, data: data) }
        return writer.data
    }
}

extension Dictionary where Key == String, Value == Any {
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An HTTP client for tests that load a live server while the whole suite runs beside them: it
/// waits minutes for an answer, where the app's own client gives up after 20 s of silence (which
/// a busy CI machine can reach without anything being wrong). It is always shut down, even when
/// the body throws (a client released while running traps in debug builds).
func withPatientClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = HTTPClient(eventLoopGroupProvider: .singleton,
                            configuration: .init(timeout: .init(connect: .seconds(10), read: .minutes(5))))
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

extension HTTPClient {
    /// Sends a request and returns its status and body.
    func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: ByteBuffer? = nil) async throws -> (status: UInt, body: ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(body) }
        let response = try await execute(request, timeout: .minutes(5))
        return (response.status.code, try await response.body.collect(upTo: 64 << 20))
    }

    /// Sends a request and returns its status (the body is read and dropped).
    func status(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: ByteBuffer? = nil) async throws -> UInt {
        try await send(method, url, headers: headers, body: body).status
    }
}

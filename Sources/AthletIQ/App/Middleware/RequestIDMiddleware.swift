import Vapor

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// The id of this request: the client's `X-Request-ID` when it is a sane token, otherwise a
    /// new one. It is in every log line of the request and echoed on the response.
    public var requestID: String {
        get { storage[RequestIDKey.self] ?? id }
        set { storage[RequestIDKey.self] = newValue }
    }
}

/// Gives every request an id, puts it in the logger metadata and on the response.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let incoming = request.headers.first(name: .xRequestId)
        let id = incoming.flatMap(Self.sanitized) ?? UUID().uuidString.lowercased()
        request.requestID = id
        request.logger[metadataKey: "request-id"] = nil
        request.logger[metadataKey: "request_id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        return response
    }

    /// Accepts ids of 1-128 letters, digits, `-`, `_`, `.`; anything else could poison logs.
    static func sanitized(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x2d || byte == 0x5f || byte == 0x2e
        }
        return allowed ? value : nil
    }
}

import Vapor

/// Turns every error into the one JSON error shape with the right status. Unknown errors become a
/// 500 with a generic message and the request id; internals are shown only when DEBUG is on.
struct APIErrorMiddleware: AsyncMiddleware {
    let debug: Bool

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            if (error as? any AbortError)?.status == .notFound, Self.wantsPage(request) {
                await UserAuthenticator.identifyPageVisitor(request)
            }
            return response(for: error, to: request)
        }
    }

    func response(for error: Error, to request: Request) -> Response {
        let resolved = Self.resolve(error)
        if resolved.status.code >= 500 {
            request.logger.error("request failed", metadata: [
                "error": .string(String(reflecting: error)),
                "error_type": .string(String(describing: type(of: error))),
            ])
        } else {
            request.logger.debug("request refused", metadata: ["status": "\(resolved.status.code)", "code": .string(resolved.code)])
        }
        if Self.wantsPage(request) {
            let context = PageContext(request: request)
            let html = resolved.status == .notFound ? ErrorPages.notFound(context: context)
                : ErrorPages.failure(context: context, requestID: request.requestID, message: resolved.status.code >= 500 ? nil : resolved.message)
            return Layout.response(html, status: resolved.status)
        }
        let message = resolved.status.code >= 500 && !resolved.exposesMessage
            ? "An unexpected error occurred. Quote the request id \(request.requestID) when reporting it."
            : resolved.message
        let body = ErrorBody(error: .init(
            code: resolved.code, message: message, requestID: request.requestID,
            debug: debug ? "\(String(describing: type(of: error))): \(String(reflecting: error))" : nil))
        let response = Response(status: resolved.status, headers: resolved.headers)
        do {
            try response.content.encode(body, using: JSONEncoder.api)
        } catch {
            response.body = .init(string: #"{"error":{"code":"internal_error","message":"An unexpected error occurred."}}"#)
            response.headers.contentType = .json
        }
        return response
    }

    /// Browsers asking for a page (not the API) get a friendly HTML page with a way back.
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.url.path
        guard !path.hasPrefix("/api/"), !path.hasPrefix("/assets/"), path != "/openapi.json", path != "/metrics" else { return false }
        return request.headers.first(name: .accept)?.contains("text/html") == true
    }

    struct Resolved {
        var status: HTTPResponseStatus
        var code: String
        var message: String
        var headers: HTTPHeaders
        /// Whether a 5xx message was written for users (e.g. a 503 from a dependency).
        var exposesMessage: Bool
    }

    static func resolve(_ error: Error) -> Resolved {
        switch error {
        case let error as APIError:
            return Resolved(status: error.status, code: error.code, message: error.message, headers: error.headers, exposesMessage: true)
        case let error as ValidationsError:
            return Resolved(status: .unprocessableEntity, code: "validation_failed", message: error.description, headers: [:], exposesMessage: true)
        case let error as DecodingError:
            return Resolved(status: .badRequest, code: "invalid_request", message: describe(error), headers: [:], exposesMessage: true)
        case let error as AbortError:
            let status = error.status
            let message = error.reason.isEmpty ? status.reasonPhrase : error.reason
            return Resolved(status: status, code: APIError.defaultCode(for: status), message: message, headers: error.headers, exposesMessage: false)
        default:
            return Resolved(status: .internalServerError, code: "internal_error", message: "", headers: [:], exposesMessage: false)
        }
    }

    /// A readable sentence for a JSON decoding failure, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return parent == "the body" ? "The field \(key.stringValue) is required." : "The field \(parent).\(key.stringValue) is required."
        case .typeMismatch(let type, let context):
            return "The field \(path(context)) has the wrong type (expected \(Self.friendly(type)))."
        case .valueNotFound(let type, let context):
            return "The field \(path(context)) must not be null (expected \(Self.friendly(type)))."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "The body is not valid JSON." : "The field \(path(context)) is invalid."
        @unknown default:
            return "The request body could not be read."
        }
    }

    private static func friendly(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default: return "a value"
        }
    }
}

extension JSONEncoder {
    /// The encoder of the API: snake_case keys, ISO-8601 dates.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// The decoder of the API: snake_case keys, ISO-8601 dates.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

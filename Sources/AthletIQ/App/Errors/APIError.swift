import Vapor

/// The one error type the API answers with. Every error response has the body
/// `{"error": {"code": "...", "message": "...", "request_id": "..."}}`.
public struct APIError: AbortError, Sendable {
    public var status: HTTPResponseStatus
    /// A stable, machine-readable code (`invalid_file`, `not_found`, ...).
    public var code: String
    public var message: String
    public var headers: HTTPHeaders

    public var reason: String { message }

    public init(_ status: HTTPResponseStatus, code: String, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    public static func validation(_ message: String, code: String = "validation_failed") -> APIError {
        APIError(.unprocessableEntity, code: code, message: message)
    }

    public static func notFound(_ what: String = "resource") -> APIError {
        APIError(.notFound, code: "not_found", message: "The \(what) does not exist.")
    }

    public static func unauthorized(_ message: String = "Authentication is required.") -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message)
    }

    public static func forbidden(_ message: String, code: String = "forbidden") -> APIError {
        APIError(.forbidden, code: code, message: message)
    }

    public static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(.conflict, code: code, message: message)
    }

    /// The code for a status when the error did not carry one.
    static func defaultCode(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 409: return "conflict"
        case 413: return "payload_too_large"
        case 415: return "unsupported_media_type"
        case 422: return "validation_failed"
        case 429: return "rate_limited"
        case 503: return "unavailable"
        case 500...599: return "internal_error"
        default: return "http_\(status.code)"
        }
    }
}

/// The JSON body of every error response.
struct ErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var requestID: String
        /// Only with DEBUG on: the underlying error, for developers.
        var debug: String?

        enum CodingKeys: String, CodingKey {
            case code, message, debug
            case requestID = "request_id"
        }
    }
    var error: Detail
}

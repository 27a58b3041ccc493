import Foundation

/// Why a call to Strava did not give us what we asked for.
enum StravaAPIError: Error, CustomStringConvertible {
    /// The quota (ours or Strava's) is spent until `resetAt`: try again then, it is nobody's fault.
    case quota(resetAt: Date)
    /// Strava refused the token (revoked, or the refresh failed): the user must connect again.
    case unauthorized(String)
    case notFound
    /// Strava answered with an error status (5xx, or an unexpected 4xx).
    case server(status: Int, message: String)
    /// Strava could not be reached or did not answer in time.
    case network(String)
    /// The answer was not the JSON Strava sends.
    case invalidResponse(String)

    var description: String {
        switch self {
        case .quota(let reset): return "quota spent until \(ISO8601DateFormatter().string(from: reset))"
        case .unauthorized(let detail): return "Strava refused the authorization: \(detail)"
        case .notFound: return "not found on Strava"
        case .server(let status, let message): return "Strava answered \(status): \(message)"
        case .network(let detail): return "Strava unreachable: \(detail)"
        case .invalidResponse(let detail): return "unexpected answer from Strava: \(detail)"
        }
    }

    /// Worth trying again later (with backoff).
    var isTransient: Bool {
        switch self {
        case .server(let status, _): return status >= 500 || status == 408
        case .network, .quota: return true
        case .unauthorized, .notFound, .invalidResponse: return false
        }
    }
}

import AthletIQCore
import Foundation
import NIOCore
import Vapor

/// One place where requests leave for Strava's API: each takes a unit of the shared quota
/// first, and each answer's rate-limit headers correct the counters; a 429 blocks everything
/// until the window resets.
struct StravaHTTP {
    let client: any Client
    let settings: StravaSettings
    let quota: StravaQuota
    let clock: any AppClock
    let logger: Logger
    /// Slower answers are abandoned (and retried later by the queue).
    var timeout: TimeAmount = .seconds(20)
    /// Where Strava's clock is learned (each answer's `Date` header).
    var clockOffset: StravaClockOffset? = nil

    func get(_ path: String, query: [(String, String)] = [], token: String, use: StravaQuota.Use,
             prepaid: Bool = false) async throws -> ClientResponse {
        try await send(.GET, path, query: query, token: token, use: use, prepaid: prepaid)
    }

    /// `prepaid`: the quota was already taken for this request (see `StravaQuota.reserve(units:)`).
    /// `metered: false` for calls outside the API's rate limits (the push subscription, signed
    /// with the application's credentials): they take no quota and go out even after a 429.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], form: [String: String]? = nil,
              token: String?, use: StravaQuota.Use, prepaid: Bool = false, metered: Bool = true) async throws -> ClientResponse {
        if !prepaid && metered { try await reserve(units: 1, read: method == .GET, use: use) }
        var components = URLComponents(string: settings.apiURL + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        let uri = URI(string: components?.string ?? settings.apiURL + path)
        let started = clock.now()
        let response: ClientResponse
        do {
            var request = ClientRequest(method: method, url: uri, headers: [:], body: nil, timeout: timeout)
            if let token { request.headers.bearerAuthorization = BearerAuthorization(token: token) }
            if let form { try request.content.encode(form, as: .urlEncodedForm) }
            // A stopping worker does not wait for Strava: the call is left to its timeout.
            let client = self.client, prepared = request
            response = try await Bounded.abandonable { try await client.send(prepared) }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.warning("Strava unreachable", metadata: ["path": .string(path), "error": "\(error)"])
            throw StravaAPIError.network(String(describing: error))
        }
        let headers = response.headers
        var quota = self.quota
        if let clockOffset {
            quota.offset = clockOffset.learn(dateHeader: headers.first(name: .date), sent: started, received: clock.now())
        }
        let read = StravaLimitPair(header: headers.first(name: "X-ReadRateLimit-Usage"))
        let overall = StravaLimitPair(header: headers.first(name: "X-RateLimit-Usage"))
        let readLimit = StravaLimitPair(header: headers.first(name: "X-ReadRateLimit-Limit"))
        let overallLimit = StravaLimitPair(header: headers.first(name: "X-RateLimit-Limit"))
        if metered {
            await quota.reconcile(read: read, readLimit: readLimit, overall: overall, overallLimit: overallLimit, requestStartedAt: started)
        }
        switch response.status.code {
        case 200..<300:
            return response
        case 429 where metered:
            let dailySpent = Self.spent(read, readLimit, daily: true) || Self.spent(overall, overallLimit, daily: true)
            logger.error("Strava answered 429: calls stop until the window resets",
                         metadata: ["path": .string(path), "usage": .string(read?.header ?? "?"), "daily_spent": .string("\(dailySpent)")])
            try? await quota.block(dailySpent: dailySpent)
            let now = clock.now()
            throw StravaAPIError.quota(resetAt: dailySpent ? StravaRateWindows.nextDayReset(after: now) : StravaRateWindows.nextShortReset(after: now))
        case 401:
            throw StravaAPIError.unauthorized(Self.message(response))
        case 404:
            throw StravaAPIError.notFound
        default:
            logger.warning("Strava error", metadata: ["path": .string(path), "status": .stringConvertible(response.status.code)])
            throw StravaAPIError.server(status: Int(response.status.code), message: Self.message(response))
        }
    }

    /// Takes quota for requests about to be made.
    func reserve(units: Int, read: Bool = true, use: StravaQuota.Use) async throws {
        do {
            try await quota.reserve(read: read, units: units, use: use)
        } catch let exhausted as StravaQuota.Exhausted {
            throw StravaAPIError.quota(resetAt: exhausted.resetAt)
        }
    }

    private static func spent(_ usage: StravaLimitPair?, _ limit: StravaLimitPair?, daily: Bool) -> Bool {
        guard let usage, let limit else { return false }
        return daily ? usage.daily >= limit.daily : usage.short >= limit.short
    }

    /// Strava's error message (`{"message": ..., "errors": [{"resource", "field", "code"}]}`), short:
    /// "Bad Request (PushSubscription callback_url already exists)".
    static func message(_ response: ClientResponse) -> String {
        struct Fault: Decodable {
            struct Detail: Decodable { var resource: String?; var field: String?; var code: String? }
            var message: String?
            var errors: [Detail]?
        }
        guard let body = response.body else { return "no body" }
        guard let fault = try? JSONDecoder().decode(Fault.self, from: Data(buffer: body)), let message = fault.message else {
            return String(String(buffer: body).prefix(200))
        }
        let details = (fault.errors ?? []).map { [$0.resource, $0.field, $0.code].compactMap { $0 }.joined(separator: " ") }
            .filter { !$0.isEmpty }
        return String((details.isEmpty ? message : "\(message) (\(details.joined(separator: "; ")))").prefix(300))
    }

    /// Decodes a JSON answer with Strava's conventions.
    static func decode<T: Decodable>(_ type: T.Type, from response: ClientResponse) throws -> T {
        guard let body = response.body else { throw StravaAPIError.invalidResponse("empty body") }
        do {
            return try JSONDecoder.strava.decode(T.self, from: Data(buffer: body))
        } catch {
            throw StravaAPIError.invalidResponse("\(T.self): \(error)")
        }
    }
}

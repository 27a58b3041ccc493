import AthletIQCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The calls a sync makes for one athlete, with a valid token (refreshed shortly before expiry,
/// and once more if Strava answers 401). Each call costs one read of the shared quota.
struct StravaAthleteAPI {
    let connection: StravaConnection
    let tokens: StravaTokenService
    let http: StravaHTTP
    let use: StravaQuota.Use
    /// Requests already paid for (a job that reserved its whole cost up front).
    let prepaid = NIOLockedValueBox(0)

    static let pageSize = 200

    /// Takes the quota for `requests` calls at once; they then go out without asking again.
    func prepay(_ requests: Int) async throws {
        try await http.reserve(units: requests, use: use)
        prepaid.withLockedValue { $0 += requests }
    }

    /// A page of SummaryActivity, newest window first as Strava orders it.
    func activities(after: Double?, before: Double?, page: Int) async throws -> [StravaActivityPayload] {
        var query = [("page", String(page)), ("per_page", String(Self.pageSize))]
        if let after { query.append(("after", String(Int64(after)))) }
        if let before { query.append(("before", String(Int64(before)))) }
        let response = try await get("/athlete/activities", query: query)
        return try StravaHTTP.decode([StravaActivityPayload].self, from: response)
    }

    /// The DetailedActivity: laps, description, device and gear come with it.
    func activity(_ id: Int64) async throws -> StravaActivityPayload {
        let response = try await get("/activities/\(id)", query: [("include_all_efforts", "false")])
        return try StravaHTTP.decode(StravaActivityPayload.self, from: response)
    }

    /// The authenticated athlete: the cheapest call that proves the token still works.
    func athlete() async throws {
        _ = try await get("/athlete", query: [])
    }

    /// The athlete with their bikes and shoes (filled only with the `profile:read_all` scope).
    func athleteGear() async throws -> StravaAthletePayload {
        try StravaHTTP.decode(StravaAthletePayload.self, from: try await get("/athlete", query: []))
    }

    func streams(_ id: Int64) async throws -> StravaStreams {
        let response = try await get("/activities/\(id)/streams",
                                     query: [("keys", StravaStreams.requestedKeys.joined(separator: ",")), ("key_by_type", "true")])
        guard let body = response.body else { throw StravaAPIError.invalidResponse("empty streams") }
        do {
            return try StravaStreams(json: Data(buffer: body))
        } catch {
            throw StravaAPIError.invalidResponse("streams: \(error)")
        }
    }

    private func get(_ path: String, query: [(String, String)]) async throws -> ClientResponse {
        let token = try await tokens.accessToken(for: connection)
        do {
            return try await http.get(path, query: query, token: token, use: use, prepaid: takePrepaid())
        } catch StravaAPIError.unauthorized {
            // The token may have been revoked and re-granted, or expired early: refresh once.
            let fresh = try await tokens.accessToken(for: connection, force: true)
            return try await http.get(path, query: query, token: fresh, use: use, prepaid: takePrepaid())
        }
    }

    private func takePrepaid() -> Bool {
        prepaid.withLockedValue { units in
            guard units > 0 else { return false }
            units -= 1
            return true
        }
    }
}

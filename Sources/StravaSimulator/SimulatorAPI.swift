import AthletIQCore
import Foundation
import Vapor

/// The API under `/api/v3`: every request is counted in Strava's windows and answered with the
/// rate-limit headers; faults apply here.
extension StravaSimulator {
    func registerAPI() {
        let api = app.grouped("api", "v3")
        api.get("athlete") { [self] request in
            try await guarded(request) { grant in
                guard let athlete = state.withLockedValue({ $0.athletes[grant.athleteID] }) else { return notFound("Athlete") }
                return Self.json(SimulatorPayloads.athlete(athlete, detailed: true, gear: grant.scopes.contains("profile:read_all")))
            }
        }
        api.get("athlete", "activities") { [self] request in
            try await guarded(request) { grant in
                let query = (try? request.query.decode([String: String].self)) ?? [:]
                guard let page = Int(query["page"] ?? "1"), page >= 1, let perPage = Int(query["per_page"] ?? "30"), perPage >= 1 else {
                    return Self.json(SimulatorPayloads.fault("Bad Request", resource: "Activities", field: "page", code: "invalid"), status: .badRequest)
                }
                let before = query["before"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
                let after = query["after"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
                let readAll = grant.scopes.contains("activity:read_all")
                var list = state.withLockedValue { state in
                    state.activities.values.filter { activity in
                        activity.athleteID == grant.athleteID && (readAll || !activity.isPrivate)
                            && before.map { activity.start < $0 } ?? true && after.map { activity.start > $0 } ?? true
                    }
                }
                // Strava lists newest first, but oldest first when `after` is given.
                list.sort { after == nil ? $0.start > $1.start : $0.start < $1.start }
                let size = min(perPage, 200)
                let from = (page - 1) * size
                let slice = from < list.count ? Array(list[from..<min(list.count, from + size)]) : []
                return Self.json(slice.map(SimulatorPayloads.summary))
            }
        }
        api.get("activities", ":id") { [self] request in
            try await guarded(request) { grant in
                guard let activity = visible(request, grant) else { return notFound("Activity") }
                state.withLockedValue { $0.stats.detailsByActivity[activity.id, default: 0] += 1 }
                return Self.json(SimulatorPayloads.detail(activity))
            }
        }
        api.get("activities", ":id", "streams") { [self] request in
            try await guarded(request) { grant in
                guard let activity = visible(request, grant), !activity.manual else { return notFound("Activity") }
                state.withLockedValue { $0.stats.streamsByActivity[activity.id, default: 0] += 1 }
                let query = (try? request.query.decode([String: String].self)) ?? [:]
                let keys = (query["keys"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return Self.json(SimulatorPayloads.streams(activity, keys: keys, keyByType: query["key_by_type"] == "true"))
            }
        }
        registerSubscriptions(api)
    }

    private func visible(_ request: Request, _ grant: SimulatedGrant) -> SimulatedActivity? {
        guard let id = request.parameters.get("id", as: Int64.self),
              let activity = state.withLockedValue({ $0.activities[id] }),
              activity.athleteID == grant.athleteID, !activity.isPrivate || grant.scopes.contains("activity:read_all") else { return nil }
        return activity
    }

    func notFound(_ resource: String) -> Response {
        Self.json(SimulatorPayloads.fault("Resource Not Found", resource: resource, field: "id", code: "not found"), status: .notFound)
    }

    /// Counts the request, applies faults and limits, checks the token, then answers with the
    /// rate-limit headers Strava sends on every API response.
    func guarded(_ request: Request, requireToken: Bool = true, _ body: (SimulatedGrant) async throws -> Response) async throws -> Response {
        let read = request.method == .GET
        let now = configuration.now()
        let path = request.url.path
        let admission = admit(read: read, path: path, now: now)
        if admission.slow > 0 { try await Task.sleep(nanoseconds: UInt64(admission.slow * 1_000_000_000)) }
        var response: Response
        if let refusal = admission.refusal {
            response = refusal
        } else if !requireToken {
            response = try await body(SimulatedGrant(athleteID: 0, scopes: [], accessToken: "", refreshToken: "", expiresAt: now))
        } else if let token = request.headers.bearerAuthorization?.token,
                  let grant = state.withLockedValue({ $0.grants[token] }), grant.expiresAt > now {
            response = try await body(grant)
        } else {
            response = Self.json(SimulatorPayloads.fault("Authorization Error", resource: "Athlete", field: "access_token", code: "invalid"),
                                 status: .unauthorized)
        }
        for (name, value) in admission.headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Strava's own clock (the simulated one, which may be skewed from the app's).
        response.headers.replaceOrAdd(name: .date, value: Self.httpDate(now))
        return response
    }

    /// An IMF-fixdate: "Tue, 15 Nov 1994 08:12:31 GMT".
    static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[((parts.weekday ?? 1) - 1) % 7]), \(two(parts.day)) \(months[((parts.month ?? 1) - 1) % 12]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }

    private struct Admission {
        var refusal: Response?
        var slow: Double = 0
        var headers: [(String, String)] = []
    }

    /// Strava's accounting: every request counts in the 15-minute and daily windows (reads in
    /// the read ones too), including those it refuses.
    private func admit(read: Bool, path: String, now: Date) -> Admission {
        let short = StravaRateWindows.shortStart(now), day = StravaRateWindows.dayStart(now)
        let limits = (read: configuration.readLimit, overall: configuration.overallLimit)
        return state.withLockedValue { state -> Admission in
            var admission = Admission()
            state.stats.apiRequests += 1
            if read { state.stats.readRequests += 1 }
            state.stats.byPath[Self.pathPattern(path), default: 0] += 1
            let keys = (all15: Self.key("all", "15m", short), allDay: Self.key("all", "day", day),
                        read15: Self.key("read", "15m", short), readDay: Self.key("read", "day", day))
            let spent = state.usage[keys.all15, default: 0] >= limits.overall.short || state.usage[keys.allDay, default: 0] >= limits.overall.daily
                || (read && (state.usage[keys.read15, default: 0] >= limits.read.short || state.usage[keys.readDay, default: 0] >= limits.read.daily))
            state.usage[keys.all15, default: 0] += 1
            state.usage[keys.allDay, default: 0] += 1
            if read {
                state.usage[keys.read15, default: 0] += 1
                state.usage[keys.readDay, default: 0] += 1
                state.stats.maxShortReadUsage = max(state.stats.maxShortReadUsage, state.usage[keys.read15] ?? 0)
                state.stats.maxDailyReadUsage = max(state.stats.maxDailyReadUsage, state.usage[keys.readDay] ?? 0)
            }
            admission.headers = [
                ("X-RateLimit-Limit", limits.overall.header),
                ("X-RateLimit-Usage", "\(state.usage[keys.all15] ?? 0),\(state.usage[keys.allDay] ?? 0)"),
                ("X-ReadRateLimit-Limit", limits.read.header),
                ("X-ReadRateLimit-Usage", "\(state.usage[keys.read15] ?? 0),\(state.usage[keys.readDay] ?? 0)"),
            ]
            if state.faults.slowRequests > 0 {
                state.faults.slowRequests -= 1
                admission.slow = state.faults.slowSeconds
            }
            if spent || state.faults.forcedRateLimits > 0 {
                if spent { state.stats.overLimit += 1 } else { state.faults.forcedRateLimits -= 1 }
                state.stats.rateLimited += 1
                admission.refusal = Self.json(SimulatorPayloads.fault("Rate Limit Exceeded", resource: "Application", field: "rate limit", code: "exceeded"),
                                              status: .tooManyRequests)
            } else if state.faults.serverErrors > 0, state.faults.serverErrorsPath.map({ path.contains($0) }) ?? true {
                state.faults.serverErrors -= 1
                admission.refusal = Self.json(["message": "Service Unavailable", "errors": []], status: .serviceUnavailable)
            }
            return admission
        }
    }

    static func pathPattern(_ path: String) -> String {
        path.split(separator: "/").map { $0.allSatisfy(\.isNumber) ? ":id" : String($0) }.joined(separator: "/")
    }
}

import Foundation
import Vapor

/// Strava's OAuth endpoints: the authorize page (answered at once with the configured consent),
/// the token endpoint (code exchange and refresh) and deauthorization.
extension StravaSimulator {
    func registerOAuth() {
        let oauth = app.grouped("oauth")
        oauth.get("authorize") { [self] request -> Response in
            let query = (try? request.query.decode([String: String].self)) ?? [:]
            guard query["client_id"] == configuration.clientID, query["response_type"] == "code",
                  let redirect = query["redirect_uri"], var components = URLComponents(string: redirect) else {
                return Self.json(SimulatorPayloads.fault("Bad Request", resource: "Application", field: "client_id", code: "invalid"),
                                 status: .badRequest)
            }
            let asked = Set((query["scope"] ?? "read").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            var items = [URLQueryItem(name: "state", value: query["state"] ?? "")]
            let outcome = state.withLockedValue { state -> (code: String, scopes: Set<String>)? in
                guard let consent = state.consent, !consent.deny, state.athletes[consent.athleteID] != nil else { return nil }
                let granted = consent.scopes.map(Set.init) ?? asked
                let code = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                state.codes[code] = (consent.athleteID, granted, redirect)
                return (code, granted)
            }
            if let outcome {
                items += [URLQueryItem(name: "code", value: outcome.code),
                          URLQueryItem(name: "scope", value: outcome.scopes.sorted().joined(separator: ","))]
            } else {
                items.append(URLQueryItem(name: "error", value: "access_denied"))
            }
            components.queryItems = (components.queryItems ?? []) + items
            return Response(status: .found, headers: ["Location": components.string ?? redirect])
        }
        oauth.post("token") { [self] request -> Response in
            let form = Self.fields(request)
            state.withLockedValue { $0.stats.tokenRequests += 1 }
            guard form["client_id"] == configuration.clientID, form["client_secret"] == configuration.clientSecret else {
                return Self.json(SimulatorPayloads.fault("Authorization Error", resource: "Application", field: "client_secret", code: "invalid"),
                                 status: .unauthorized)
            }
            switch form["grant_type"] {
            case "authorization_code": return exchange(code: form["code"] ?? "")
            case "refresh_token": return refresh(token: form["refresh_token"] ?? "")
            default:
                return Self.json(SimulatorPayloads.fault("Bad Request", resource: "Application", field: "grant_type", code: "invalid"),
                                 status: .badRequest)
            }
        }
        oauth.post("deauthorize") { [self] request -> Response in
            let token = Self.fields(request)["access_token"] ?? request.headers.bearerAuthorization?.token ?? ""
            guard let grant = state.withLockedValue({ $0.grants[token] }) else {
                return Self.json(SimulatorPayloads.fault("Authorization Error", resource: "Athlete", field: "access_token", code: "invalid"),
                                 status: .unauthorized)
            }
            revokeTokens(athleteID: grant.athleteID)
            // Strava tells the application's webhook about it, as for a revocation in its settings.
            let athleteID = grant.athleteID
            Task { [self] in _ = await deliver(objectType: "athlete", objectID: athleteID, aspectType: "update", ownerID: athleteID,
                                              updates: ["authorized": "false"]) }
            return Self.json(["access_token": token])
        }
    }

    /// Form fields from the body, or the query string (Strava accepts both).
    static func fields(_ request: Request) -> [String: String] {
        var fields = (try? request.query.decode([String: String].self)) ?? [:]
        if let form = try? request.content.decode([String: String].self) { fields.merge(form) { $1 } }
        return fields
    }

    private func exchange(code: String) -> Response {
        let now = configuration.now()
        let issued = state.withLockedValue { state -> (SimulatedGrant, SimulatedAthlete)? in
            guard let pending = state.codes.removeValue(forKey: code), let athlete = state.athletes[pending.athleteID] else { return nil }
            // One grant per athlete and application: a new authorization replaces the earlier
            // tokens (whoever held them must use the new ones).
            for (access, earlier) in state.grants where earlier.athleteID == pending.athleteID {
                state.grants.removeValue(forKey: access)
                state.refreshTokens.removeValue(forKey: earlier.refreshToken)
            }
            let grant = Self.newGrant(athleteID: pending.athleteID, scopes: pending.scopes, expiresAt: now.addingTimeInterval(configuration.tokenLifetime))
            state.grants[grant.accessToken] = grant
            state.refreshTokens[grant.refreshToken] = grant.accessToken
            return (grant, athlete)
        }
        guard let (grant, athlete) = issued else {
            return Self.json(SimulatorPayloads.fault("Bad Request", resource: "AuthorizationCode", field: "code", code: "invalid"),
                             status: .badRequest)
        }
        var body = tokenJSON(grant, now: now)
        body["athlete"] = SimulatorPayloads.athlete(athlete, detailed: false)
        return Self.json(body)
    }

    /// Strava's rule: the same access token comes back while more than an hour is left;
    /// otherwise a new pair, and the old refresh token stops working.
    private func refresh(token: String) -> Response {
        let now = configuration.now()
        let result = state.withLockedValue { state -> SimulatedGrant? in
            state.stats.refreshes += 1
            guard let access = state.refreshTokens[token], let grant = state.grants[access] else { return nil }
            if grant.expiresAt.timeIntervalSince(now) > 3600 { return grant }
            state.grants.removeValue(forKey: access)
            state.refreshTokens.removeValue(forKey: token)
            let fresh = Self.newGrant(athleteID: grant.athleteID, scopes: grant.scopes, expiresAt: now.addingTimeInterval(configuration.tokenLifetime))
            state.grants[fresh.accessToken] = fresh
            state.refreshTokens[fresh.refreshToken] = fresh.accessToken
            return fresh
        }
        guard let result else {
            return Self.json(SimulatorPayloads.fault("Bad Request", resource: "RefreshToken", field: "refresh_token", code: "invalid"),
                             status: .badRequest)
        }
        return Self.json(tokenJSON(result, now: now))
    }

    private func tokenJSON(_ grant: SimulatedGrant, now: Date) -> [String: Any] {
        ["token_type": "Bearer", "access_token": grant.accessToken, "refresh_token": grant.refreshToken,
         "expires_at": Int64(grant.expiresAt.timeIntervalSince1970), "expires_in": max(0, Int(grant.expiresAt.timeIntervalSince(now)))]
    }

    private static func newGrant(athleteID: Int64, scopes: Set<String>, expiresAt: Date) -> SimulatedGrant {
        func token() -> String { (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased().prefix(40).description }
        return SimulatedGrant(athleteID: athleteID, scopes: scopes, accessToken: token(), refreshToken: token(), expiresAt: expiresAt)
    }
}

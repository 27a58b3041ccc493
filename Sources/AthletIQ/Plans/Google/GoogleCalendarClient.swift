import Fluent
import Foundation
import Vapor

/// Why a Google Calendar call did not work.
struct GoogleCalendarError: Error, CustomStringConvertible {
    var code: String
    var description: String
}

/// Google's Calendar API (v3) for one user: token refresh, calendars, events. Base URLs come
/// from the settings (the OpenID discovery document for OAuth, `GOOGLE_CALENDAR_API_URL`).
struct GoogleCalendarClient {
    let settings: GoogleSettings
    let client: any Client
    let cache: OIDCCache
    let cipher: TokenCipher
    let database: any Database
    let clock: any AppClock
    let logger: Logger

    struct Tokens: Decodable {
        var access_token: String
        var refresh_token: String?
        var expires_in: Double?
        var scope: String?
    }

    struct CalendarEntry: Codable, Sendable {
        var id: String
        var summary: String?
        var primary: Bool?
        var accessRole: String?
    }

    struct EventTime: Codable, Sendable {
        var date: String?
        var dateTime: String?
        var timeZone: String?
    }

    struct Event: Codable, Sendable {
        struct Reminders: Codable, Sendable {
            struct Override: Codable, Sendable { var method: String; var minutes: Int }
            var useDefault: Bool
            var overrides: [Override]?
        }
        struct Properties: Codable, Sendable { var `private`: [String: String]? }

        var id: String?
        var status: String?
        var summary: String?
        var description: String?
        var start: EventTime?
        var end: EventTime?
        var reminders: Reminders?
        var extendedProperties: Properties?
    }

    var oidc: OIDCClient {
        OIDCClient(discoveryURL: settings.discoveryURL, clientID: settings.clientID, clientSecret: settings.clientSecret,
                   client: client, cache: cache, logger: logger)
    }

    /// Exchanges the authorization code of the connect flow.
    func exchange(code: String, verifier: String, redirectURI: String) async throws -> Tokens {
        try await tokenRequest(["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "code_verifier": verifier])
    }

    private func tokenRequest(_ fields: [String: String]) async throws -> Tokens {
        let metadata: OIDCProviderMetadata
        do { metadata = try await oidc.metadata() } catch {
            throw GoogleCalendarError(code: "provider_unavailable", description: "Google cannot be reached right now.")
        }
        var form = fields
        form["client_id"] = settings.clientID
        form["client_secret"] = settings.clientSecret
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: metadata.tokenEndpoint)) { request in
                try request.content.encode(form, as: .urlEncodedForm)
            }
        } catch {
            throw GoogleCalendarError(code: "provider_unavailable", description: "Google cannot be reached right now.")
        }
        guard response.status == .ok, let tokens = try? response.content.decode(Tokens.self, using: JSONDecoder()) else {
            throw GoogleCalendarError(code: "authorization_refused", description: "Google refused the authorization (\(response.status.code)); connect again.")
        }
        return tokens
    }

    /// A valid access token for the connection, refreshed a minute before expiry.
    func accessToken(_ connection: GoogleCalendarConnection) async throws -> String {
        if connection.expiresAt - clock.now().timeIntervalSince1970 > 60 { return try cipher.open(connection.accessTokenSealed) }
        guard let sealed = connection.refreshTokenSealed else {
            throw GoogleCalendarError(code: "authorization_refused", description: "The Google authorization expired; connect again.")
        }
        let tokens = try await tokenRequest(["grant_type": "refresh_token", "refresh_token": try cipher.open(sealed)])
        connection.accessTokenSealed = try cipher.seal(tokens.access_token)
        if let refresh = tokens.refresh_token { connection.refreshTokenSealed = try cipher.seal(refresh) }
        connection.expiresAt = clock.now().timeIntervalSince1970 + (tokens.expires_in ?? 3600)
        try await connection.save(on: database)
        return tokens.access_token
    }

    func calendars(_ connection: GoogleCalendarConnection) async throws -> [CalendarEntry] {
        struct List: Decodable { var items: [CalendarEntry]? }
        let response = try await send(.GET, "/users/me/calendarList", connection: connection)
        return (try? response.content.decode(List.self, using: JSONDecoder()))?.items ?? []
    }

    /// Writes the event under its stable id: updated when it exists, created otherwise.
    /// Returns whether it was created.
    func upsert(_ event: Event, id: String, calendar: String, connection: GoogleCalendarConnection) async throws -> Bool {
        let path = "/calendars/\(Self.escape(calendar))/events/\(id)"
        let updated = try await send(.PUT, path, body: event, connection: connection, allow: [404, 410])
        if updated.status == .ok { return false }
        var created = event
        created.id = id
        let response = try await send(.POST, "/calendars/\(Self.escape(calendar))/events", body: created, connection: connection, allow: [409])
        if response.status == .conflict {
            // Deleted in Google (a cancelled event keeps its id): bring it back with an update.
            var revived = event
            revived.status = "confirmed"
            _ = try await send(.PUT, path, body: revived, connection: connection)
            return false
        }
        return true
    }

    /// The events of a calendar between two times, every page.
    func events(calendar: String, from: Date, to: Date, connection: GoogleCalendarConnection) async throws -> [Event] {
        struct Page: Decodable { var items: [Event]?; var nextPageToken: String? }
        var events: [Event] = []
        var pageToken: String?
        let formatter = ISO8601DateFormatter()
        repeat {
            var query = [("timeMin", formatter.string(from: from)), ("timeMax", formatter.string(from: to)),
                         ("singleEvents", "true"), ("orderBy", "startTime"), ("maxResults", "250")]
            if let pageToken { query.append(("pageToken", pageToken)) }
            let response = try await send(.GET, "/calendars/\(Self.escape(calendar))/events", query: query, connection: connection)
            guard let page = try? response.content.decode(Page.self, using: JSONDecoder()) else {
                throw GoogleCalendarError(code: "provider_error", description: "Google's answer could not be read.")
            }
            events += page.items ?? []
            pageToken = page.nextPageToken
        } while pageToken != nil && events.count < 5000
        return events
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Event? = nil,
                      connection: GoogleCalendarConnection, allow: Set<UInt> = []) async throws -> ClientResponse {
        let token = try await accessToken(connection)
        var components = URLComponents(string: settings.calendarAPIURL + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        let response: ClientResponse
        do {
            response = try await client.send(method, to: URI(string: components?.string ?? settings.calendarAPIURL + path)) { request in
                request.headers.bearerAuthorization = BearerAuthorization(token: token)
                if let body { try request.content.encode(body, as: .json) }
            }
        } catch {
            throw GoogleCalendarError(code: "provider_unavailable", description: "Google Calendar cannot be reached right now.")
        }
        if (200..<300).contains(response.status.code) || allow.contains(response.status.code) { return response }
        logger.warning("Google Calendar error", metadata: ["path": .string(path), "status": .stringConvertible(response.status.code)])
        switch response.status.code {
        case 401, 403: throw GoogleCalendarError(code: "authorization_refused", description: "Google refused access to the calendar; connect again.")
        case 404: throw GoogleCalendarError(code: "calendar_not_found", description: "This calendar does not exist or is not shared with you.")
        default: throw GoogleCalendarError(code: "provider_error", description: "Google Calendar answered \(response.status.code).")
        }
    }

    static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
    }
}

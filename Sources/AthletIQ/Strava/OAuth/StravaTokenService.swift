import Fluent
import Foundation
import SQLKit
import Vapor

/// Strava's OAuth tokens: the code exchange, refreshing shortly before expiry (never two
/// refreshes of one athlete at once, across processes), storing the rotated refresh token, and
/// revocation. Tokens are sealed with `TokenCipher` before they reach the database.
struct StravaTokenService {
    let database: any Database
    let client: any Client
    let settings: StravaSettings
    let cipher: TokenCipher
    let clock: any AppClock
    let logger: Logger
    /// Refresh when less than this is left.
    static let refreshMargin: TimeInterval = 300

    init(application: Application, database: (any Database)? = nil, settings: StravaSettings) {
        self.database = database ?? application.db
        self.client = application.client
        self.settings = settings
        self.cipher = TokenCipher(keys: application.settings.secrets.encryptionKeys)
        self.clock = application.clock
        self.logger = application.logger
    }

    /// Exchanges the authorization code from the callback.
    func exchange(code: String) async throws -> StravaTokenPayload {
        try await tokenRequest(["grant_type": "authorization_code", "code": code])
    }

    /// An access token good for a few more minutes: the stored one, or a fresh one. `force`
    /// refreshes even when the stored one looks valid (after Strava answered 401).
    func accessToken(for connection: StravaConnection, force: Bool = false) async throws -> String {
        guard connection.status == "active" else { throw StravaAPIError.unauthorized("the connection must be renewed") }
        let now = clock.now().timeIntervalSince1970
        if !force, connection.expiresAt - now > Self.refreshMargin {
            return try open(connection.accessTokenSealed)
        }
        let id = try connection.requireID()
        let staleSeal = connection.accessTokenSealed
        guard let sql = database as? any SQLDatabase else { throw StravaAPIError.unauthorized("no database") }
        for _ in 0..<60 {
            struct Claimed: Decodable { var id: UUID }
            let claimed = try await sql.raw("""
                UPDATE strava_connections SET refresh_lock_until = \(bind: clock.now().timeIntervalSince1970 + 30)
                WHERE id = \(bind: id) AND (refresh_lock_until IS NULL OR refresh_lock_until < \(bind: clock.now().timeIntervalSince1970))
                RETURNING id
                """).all(decoding: Claimed.self)
            if !claimed.isEmpty {
                let token = try await refreshHoldingLock(connectionID: id, staleSeal: force ? staleSeal : nil)
                // The caller's copy takes the new token, so its later calls use it instead of
                // spending a 401 (and another refresh) each.
                if let fresh = try await StravaConnection.find(id, on: database) {
                    connection.accessTokenSealed = fresh.accessTokenSealed
                    connection.refreshTokenSealed = fresh.refreshTokenSealed
                    connection.expiresAt = fresh.expiresAt
                }
                return token
            }
            // Another process is refreshing: wait for its result.
            try await Task.sleep(nanoseconds: 250_000_000)
            guard let fresh = try await StravaConnection.find(id, on: database) else { throw StravaAPIError.unauthorized("disconnected") }
            if fresh.accessTokenSealed != staleSeal, fresh.expiresAt - clock.now().timeIntervalSince1970 > Self.refreshMargin {
                connection.accessTokenSealed = fresh.accessTokenSealed
                connection.refreshTokenSealed = fresh.refreshTokenSealed
                connection.expiresAt = fresh.expiresAt
                return try open(fresh.accessTokenSealed)
            }
        }
        throw StravaAPIError.network("the token refresh of another process did not finish")
    }

    private func refreshHoldingLock(connectionID: UUID, staleSeal: String?) async throws -> String {
        guard let connection = try await StravaConnection.find(connectionID, on: database) else {
            throw StravaAPIError.unauthorized("disconnected")
        }
        defer { Task { [database] in try? await Self.releaseLock(connectionID, on: database) } }
        // Someone refreshed between our read and the lock: use theirs.
        if let staleSeal, connection.accessTokenSealed != staleSeal,
           connection.expiresAt - clock.now().timeIntervalSince1970 > Self.refreshMargin {
            return try open(connection.accessTokenSealed)
        }
        if staleSeal == nil, connection.expiresAt - clock.now().timeIntervalSince1970 > Self.refreshMargin {
            return try open(connection.accessTokenSealed)
        }
        let payload: StravaTokenPayload
        do {
            payload = try await tokenRequest(["grant_type": "refresh_token", "refresh_token": try open(connection.refreshTokenSealed)])
        } catch StravaAPIError.unauthorized(let detail) {
            connection.status = "reauthorize"
            connection.lastError = "Strava refused to renew the authorization: \(detail)"
            try await connection.save(on: database)
            logger.warning("Strava refresh token refused; the user must connect again",
                           metadata: ["user_id": .string(connection.$user.id.uuidString)])
            throw StravaAPIError.unauthorized(detail)
        }
        try store(payload, in: connection)
        connection.refreshLockUntil = nil
        try await connection.save(on: database)
        return payload.accessToken
    }

    private static func releaseLock(_ id: UUID, on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.update(StravaConnection.schema)
            .set("refresh_lock_until", to: SQLLiteral.null).where("id", .equal, SQLBind(id)).run()
    }

    /// Seals and keeps the tokens of a token answer (the refresh token may have rotated).
    func store(_ payload: StravaTokenPayload, in connection: StravaConnection) throws {
        connection.accessTokenSealed = try cipher.seal(payload.accessToken)
        connection.refreshTokenSealed = try cipher.seal(payload.refreshToken)
        connection.expiresAt = payload.expiresAt
        connection.status = "active"
    }

    func open(_ sealed: String) throws -> String {
        do {
            return try cipher.open(sealed)
        } catch {
            throw StravaAPIError.unauthorized("the stored token cannot be decrypted (was ENCRYPTION_KEY changed without ENCRYPTION_KEYS_OLD?)")
        }
    }

    /// Tells Strava to revoke our access (the legacy endpoint, which every deployment has).
    /// Failure is logged, not fatal: the tokens are deleted on our side either way.
    func revoke(_ connection: StravaConnection) async {
        do {
            let token = try open(connection.accessTokenSealed)
            let response = try await client.post(URI(string: settings.oauthURL + "/deauthorize")) { request in
                try request.content.encode(["access_token": token], as: .urlEncodedForm)
                request.timeout = .seconds(10)
            }
            if response.status != .ok {
                logger.warning("Strava did not confirm the revocation", metadata: ["status": .stringConvertible(response.status.code)])
            }
        } catch {
            logger.warning("Strava revocation failed", metadata: ["error": "\(error)"])
        }
    }

    private func tokenRequest(_ fields: [String: String]) async throws -> StravaTokenPayload {
        var form = fields
        form["client_id"] = settings.clientID
        form["client_secret"] = settings.clientSecret
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: settings.oauthURL + "/token")) { request in
                try request.content.encode(form, as: .urlEncodedForm)
                request.timeout = .seconds(20)
            }
        } catch {
            throw StravaAPIError.network(String(describing: error))
        }
        switch response.status.code {
        case 200: return try StravaHTTP.decode(StravaTokenPayload.self, from: response)
        case 400, 401, 403: throw StravaAPIError.unauthorized(StravaHTTP.message(response))
        default: throw StravaAPIError.server(status: Int(response.status.code), message: StravaHTTP.message(response))
        }
    }
}

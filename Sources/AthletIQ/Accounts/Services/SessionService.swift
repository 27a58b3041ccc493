import Fluent
import Foundation
import JWT
import SQLKit
import Vapor

/// The tokens handed out by a sign-in or a refresh.
struct IssuedTokens: Sendable {
    var accessToken: String
    var accessExpiresAt: Date
    var refreshToken: String
    var refreshExpiresAt: Date
    var sessionID: UUID
}

/// Sessions and their tokens: issue at sign-in, rotate on refresh (detecting reuse), verify on
/// every request, revoke one or all.
struct SessionService {
    let database: any Database
    let settings: Settings
    let keys: JWTKeyCollection
    let logger: Logger
    var cache: SessionCache?

    init(request: Request) {
        self.init(database: request.db, settings: request.settings, keys: request.application.jwt.keys, logger: request.logger,
                  cache: request.application.sessionCache)
    }

    init(database: any Database, settings: Settings, keys: JWTKeyCollection, logger: Logger, cache: SessionCache? = nil) {
        self.cache = cache
        self.database = database
        self.settings = settings
        self.keys = keys
        self.logger = logger
    }

    /// A rotated token presented again within this delay is a race between two tabs, not theft:
    /// it is refused without revoking the session.
    static let reuseGraceSeconds: TimeInterval = 10

    func start(user: User, device: String, ip: String, now: Date = Date()) async throws -> IssuedTokens {
        let userID = try user.requireID()
        let session = AuthSession(userID: userID, device: device, ip: ip, now: now,
                                  expiresAt: now.addingTimeInterval(TimeInterval(settings.auth.refreshTokenSeconds)))
        try await session.create(on: database)
        return try await issue(for: session, userID: userID, now: now)
    }

    /// Exchanges a refresh token for new tokens. A token used twice revokes its whole session.
    func refresh(rawToken: String, now: Date = Date()) async throws -> IssuedTokens {
        let hash = SecureToken.hash(rawToken)
        guard let token = try await RefreshToken.query(on: database).filter(\.$tokenHash == hash).first(),
              let session = try await AuthSession.find(token.$session.id, on: database) else {
            throw APIError.unauthorized("The refresh token is not valid.")
        }
        if let rotatedAt = token.rotatedAt {
            if now.timeIntervalSince(rotatedAt) > Self.reuseGraceSeconds {
                try await revoke(session, reason: "refresh_token_reuse", now: now)
                logger.warning("refresh token reused: session revoked", metadata: ["session_id": .string(session.id?.uuidString ?? "")])
                throw APIError.unauthorized("This refresh token was already used; the session has been closed for safety.")
            }
            throw APIError(.unauthorized, code: "refresh_token_rotated", message: "This refresh token was just used; use the newer one.")
        }
        guard session.isUsable(at: now) else { throw APIError.unauthorized("The session has ended; sign in again.") }
        guard let user = try await User.find(session.$user.id, on: database), user.isActive else {
            throw APIError.unauthorized("The account is disabled.")
        }
        // Claim the token atomically: of two concurrent refreshes only one wins.
        guard try await markRotated(token: token, now: now) else {
            throw APIError(.unauthorized, code: "refresh_token_rotated", message: "This refresh token was just used; use the newer one.")
        }
        session.lastSeenAt = now
        session.expiresAt = now.addingTimeInterval(TimeInterval(settings.auth.refreshTokenSeconds))
        try await session.save(on: database)
        return try await issue(for: session, userID: try user.requireID(), now: now)
    }

    /// The user and session of a valid access token. One query (session joined with its user,
    /// read without the ORM): this runs on every authenticated request.
    func authenticate(accessToken: String, now: Date = Date()) async throws -> (user: User, sessionID: UUID) {
        let ended = APIError.unauthorized("The session has ended; sign in again.")
        let userID: UUID, sessionID: UUID
        if let known = cache?.verified(accessToken, now: now) {
            (userID, sessionID) = known
        } else {
            let payload: AccessTokenPayload
            do {
                payload = try await keys.verify(accessToken, as: AccessTokenPayload.self)
            } catch {
                throw APIError.unauthorized("The access token is invalid or expired.")
            }
            guard let user = UUID(uuidString: payload.sub.value), let session = UUID(uuidString: payload.sid) else { throw ended }
            (userID, sessionID) = (user, session)
            cache?.remember(accessToken, userID: userID, sessionID: sessionID, expires: payload.exp.value)
        }
        guard let sql = database as? any SQLDatabase else { throw ended }
        if let snapshot = cache?.lookup(sessionID: sessionID, userID: userID, now: now) {
            return (snapshot.user(), sessionID)
        }
        let read: @Sendable () async throws -> SessionCache.Snapshot = {
            try await Self.readSession(sessionID: sessionID, userID: userID, now: now, sql: sql, ended: ended)
        }
        let snapshot: SessionCache.Snapshot
        if let cache { snapshot = try await cache.read(sessionID: sessionID, now: now, read) } else { snapshot = try await read() }
        let user = snapshot.user()
        return (user, sessionID)
    }

    /// The session and its user from the database (and its last use noted, once a minute).
    private static func readSession(sessionID: UUID, userID: UUID, now: Date, sql: any SQLDatabase,
                                    ended: APIError) async throws -> SessionCache.Snapshot {
        struct Row: Decodable {
            var last_seen_at: Date, expires_at: Date, revoked_at: Date?
            var email: String, full_name: String, password_hash: String?, is_active: Bool
            var google_subject: String?, locale: String?, theme: String?, time_zone: String?, created_at: Date?, updated_at: Date?
        }
        guard let row = try await sql.raw("""
            SELECT s.last_seen_at, s.expires_at, s.revoked_at, u.email, u.full_name, u.password_hash, u.is_active,
                   u.google_subject, u.locale, u.theme, u.time_zone, u.created_at, u.updated_at
            FROM auth_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = \(bind: sessionID) AND s.user_id = \(bind: userID)
            """).first(decoding: Row.self),
              row.revoked_at == nil, row.expires_at > now, row.is_active else { throw ended }
        if now.timeIntervalSince(row.last_seen_at) > 60 {
            try await sql.update(AuthSession.schema).set("last_seen_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(sessionID)).run()
        }
        return SessionCache.Snapshot(userID: userID, email: row.email, fullName: row.full_name, passwordHash: row.password_hash,
                                     googleSubject: row.google_subject, locale: row.locale, theme: row.theme, timeZone: row.time_zone,
                                     createdAt: row.created_at, updatedAt: row.updated_at)
    }

    func revoke(_ session: AuthSession, reason: String, now: Date = Date()) async throws {
        guard session.revokedAt == nil else { return }
        session.revokedAt = now
        session.revokedReason = reason
        try await session.save(on: database)
        if let id = session.id { cache?.forget(sessionID: id) }
    }

    /// Revokes every open session of a user, except `keeping` (e.g. the one changing the password).
    func revokeAll(userID: UUID, keeping: UUID? = nil, reason: String, now: Date = Date()) async throws {
        var query = AuthSession.query(on: database).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
        if let keeping { query = query.filter(\.$id != keeping) }
        try await query.set(\.$revokedAt, to: now).set(\.$revokedReason, to: reason).update()
        cache?.forget(userID: userID)
    }

    func activeSessions(userID: UUID, now: Date = Date()) async throws -> [AuthSession] {
        try await AuthSession.query(on: database)
            .filter(\.$user.$id == userID).filter(\.$revokedAt == nil).filter(\.$expiresAt > now)
            .sort(\.$lastSeenAt, .descending).all()
    }

    private func issue(for session: AuthSession, userID: UUID, now: Date) async throws -> IssuedTokens {
        let sessionID = try session.requireID()
        let raw = SecureToken.generate()
        try await RefreshToken(sessionID: sessionID, tokenHash: SecureToken.hash(raw)).create(on: database)
        let accessExpiry = now.addingTimeInterval(TimeInterval(settings.auth.accessTokenSeconds))
        let payload = AccessTokenPayload(
            sub: .init(value: userID.uuidString), sid: sessionID.uuidString,
            iat: .init(value: now), exp: .init(value: accessExpiry), iss: .init(value: AccessTokenPayload.issuer), typ: "access")
        let access = try await keys.sign(payload, kid: AccessTokenKeys.kid)
        return IssuedTokens(accessToken: access, accessExpiresAt: accessExpiry, refreshToken: raw,
                            refreshExpiresAt: session.expiresAt, sessionID: sessionID)
    }

    private func markRotated(token: RefreshToken, now: Date) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw RateLimitStoreError.notSQL }
        struct Row: Decodable { var id: UUID }
        let rows = try await sql.update(RefreshToken.schema)
            .set("rotated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try token.requireID()))
            .where("rotated_at", .is, SQLLiteral.null)
            .returning("id")
            .all(decoding: Row.self)
        return !rows.isEmpty
    }
}

enum AccessTokenKeys {
    static let kid: JWKIdentifier = "athletiq-access-1"

    /// Registers the HMAC key for access tokens.
    static func configure(_ app: Application) async {
        await app.jwt.keys.add(hmac: HMACKey(from: app.settings.secrets.jwtSecret), digestAlgorithm: .sha256, kid: kid)
    }
}

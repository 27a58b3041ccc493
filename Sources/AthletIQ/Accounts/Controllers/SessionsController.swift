import Fluent
import Vapor

/// The signed-in devices of the account: list them and sign one out.
struct SessionsController {
    func register(signedIn: any RoutesBuilder) {
        let sessions = signedIn.grouped("api", "v1", "auth", "sessions")
        sessions.get(use: list)
            .doc("The account's active sessions (device, address, last seen)", tag: "Accounts", access: .signedIn,
                 responses: [.jsonArray(200, "Active sessions, most recent first", of: SessionResponse.self)])
        sessions.delete(":sessionID", use: revoke)
            .doc("Sign out one session", tag: "Accounts", access: .signedIn, responses: [.empty(204, "Revoked")])
    }

    func list(request: Request) async throws -> [SessionResponse] {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        return try await SessionService(request: request).activeSessions(userID: context.userID).map { session in
            SessionResponse(id: try session.requireID(), device: session.device, ip: session.ip, createdAt: session.createdAt,
                            lastSeenAt: session.lastSeenAt, current: session.id == context.sessionID)
        }
    }

    func revoke(request: Request) async throws -> HTTPStatus {
        guard let context = request.authContext else { throw APIError.unauthorized() }
        guard let id = request.parameters.get("sessionID", as: UUID.self),
              let session = try await AuthSession.find(id, on: request.db),
              session.$user.id == context.userID else { throw APIError.notFound("session") }
        try await SessionService(request: request).revoke(session, reason: "revoked_by_user")
        return .noContent
    }
}

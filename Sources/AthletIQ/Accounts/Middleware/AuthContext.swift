import Vapor

/// Who is calling, and how: set by `UserAuthenticator` for a valid access token.
struct AuthContext: Sendable {
    enum Credential: Sendable { case bearer, cookie }

    let user: User
    let userID: UUID
    let sessionID: UUID
    let credential: Credential
}

extension Request {
    private struct AuthContextKey: StorageKey { typealias Value = AuthContext }

    var authContext: AuthContext? {
        get { storage[AuthContextKey.self] }
        set { storage[AuthContextKey.self] = newValue }
    }

    /// The signed-in user, or 401.
    var currentUser: User {
        get throws {
            guard let context = authContext else { throw APIError.unauthorized() }
            return context.user
        }
    }

    var currentUserID: UUID {
        get throws {
            guard let context = authContext else { throw APIError.unauthorized() }
            return context.userID
        }
    }
}

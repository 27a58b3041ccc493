import Foundation
import Vapor

struct SignupRequest: Content, APISchema {
    var fullName: String
    var email: String
    var password: String

    static var schema: Schema {
        .object([.init("full_name", .string), .init("email", .string(format: "email")),
                 .init("password", .string(description: "At least 8 characters, at most 72 bytes."))])
    }
}

struct LoginRequest: Content, APISchema {
    var email: String
    var password: String

    static var schema: Schema {
        .object([.init("email", .string(format: "email")), .init("password", .string)])
    }
}

struct RefreshRequest: Content, APISchema {
    /// Omitted by browsers, which send the refresh cookie instead.
    var refreshToken: String?

    static var schema: Schema {
        .object([.init("refresh_token", .string(description: "Omit to use the refresh cookie."), required: false)])
    }
}

struct UserResponse: Content, APISchema {
    var id: UUID
    var email: String
    var fullName: String
    var hasPassword: Bool
    var googleLinked: Bool
    var locale: String?
    var theme: String?
    var timeZone: String
    var createdAt: Date?

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        fullName = user.fullName
        hasPassword = user.passwordHash != nil
        googleLinked = user.googleSubject != nil
        locale = user.locale
        theme = user.theme
        timeZone = user.zone.identifier
        createdAt = user.createdAt
    }

    static var schema: Schema {
        .object([
            .init("id", .string(format: "uuid")), .init("email", .string(format: "email")), .init("full_name", .string),
            .init("has_password", .boolean), .init("google_linked", .boolean),
            .init("locale", .nullable(.enumeration(["en", "fr"])), required: false),
            .init("theme", .nullable(.enumeration(["light", "dark"])), required: false),
            .init("time_zone", .string(description: "IANA time zone; plans' days are days in it (GMT when unset)")),
            .init("created_at", .dateTime),
        ])
    }
}

struct TokenResponse: Content, APISchema {
    static var related: [any APISchema.Type] { [UserResponse.self] }

    var accessToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var refreshToken: String
    var refreshExpiresIn: Int
    var user: UserResponse

    init(_ tokens: IssuedTokens, user: User, now: Date = Date()) throws {
        accessToken = tokens.accessToken
        expiresIn = Int(tokens.accessExpiresAt.timeIntervalSince(now).rounded())
        refreshToken = tokens.refreshToken
        refreshExpiresIn = Int(tokens.refreshExpiresAt.timeIntervalSince(now).rounded())
        self.user = try UserResponse(user)
    }

    static var schema: Schema {
        .object([
            .init("access_token", .string(description: "JWT for Authorization: Bearer; also set as an httpOnly cookie.")),
            .init("token_type", .enumeration(["Bearer"])),
            .init("expires_in", .integer(description: "Seconds until the access token expires.")),
            .init("refresh_token", .string(description: "Opaque, single use: each refresh returns a new one.")),
            .init("refresh_expires_in", .integer),
            .init("user", .reference(UserResponse.schemaName)),
        ])
    }
}

struct UpdateProfileRequest: Content, APISchema {
    var fullName: String?
    var email: String?
    /// Required to change the email of an account that has a password.
    var currentPassword: String?
    var locale: String?
    var theme: String?
    /// An IANA time zone such as `Europe/Paris`.
    var timeZone: String?

    static var schema: Schema {
        .object([
            .init("full_name", .string, required: false), .init("email", .string(format: "email"), required: false),
            .init("current_password", .string(description: "Required to change the email."), required: false),
            .init("locale", .enumeration(["en", "fr", "auto"]), required: false),
            .init("theme", .enumeration(["light", "dark", "auto"]), required: false),
            .init("time_zone", .string(description: "IANA time zone such as Europe/Paris"), required: false),
        ])
    }
}

struct ChangePasswordRequest: Content, APISchema {
    /// Omitted only by an account that has no password yet (Google sign-in) setting its first one.
    var currentPassword: String?
    var newPassword: String

    static var schema: Schema {
        .object([.init("current_password", .string, required: false), .init("new_password", .string)])
    }
}

struct SessionResponse: Content, APISchema {
    var id: UUID
    var device: String
    var ip: String
    var createdAt: Date?
    var lastSeenAt: Date
    var current: Bool

    static var schema: Schema {
        .object([
            .init("id", .string(format: "uuid")), .init("device", .string), .init("ip", .string),
            .init("created_at", .dateTime), .init("last_seen_at", .dateTime), .init("current", .boolean),
        ])
    }
}

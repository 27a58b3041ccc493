import Fluent
import Foundation

/// An athlete or coach with an account. The email is stored lower-cased, so it is unique
/// case-insensitively.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "full_name") public var fullName: String
    /// Bcrypt hash; nil for an account that only signs in with Google.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "is_active") public var isActive: Bool
    /// The Google account (`sub` claim) linked for sign-in.
    @OptionalField(key: "google_subject") public var googleSubject: String?
    /// `en` or `fr`; nil follows the browser.
    @OptionalField(key: "locale") public var locale: String?
    /// `light`, `dark`; nil follows the system.
    @OptionalField(key: "theme") public var theme: String?
    /// An IANA time zone (`Europe/Paris`); nil is UTC. Days of plans are days in this zone.
    @OptionalField(key: "time_zone") public var timeZone: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, email: String, fullName: String, passwordHash: String?) {
        self.id = id
        self.email = User.normalize(email: email)
        self.fullName = fullName
        self.passwordHash = passwordHash
        self.isActive = true
    }

    /// The form every email is compared and stored in.
    public static func normalize(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

extension User {
    /// The athlete's time zone, UTC when unset or unknown to this system.
    var zone: TimeZone { timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt }
}

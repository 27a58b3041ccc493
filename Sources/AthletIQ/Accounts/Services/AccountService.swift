import Fluent
import Foundation
import Vapor

/// Creating accounts, checking passwords, and changing a user's name, email or password.
struct AccountService {
    let database: any Database
    let hasher: AsyncPasswordHasher
    /// A hash checked when the email is unknown, so both cases take the same time.
    let decoyHash: String

    init(request: Request) {
        self.init(application: request.application, database: request.db)
    }

    init(application: Application, database: any Database) {
        self.database = database
        self.hasher = application.password.async
        self.decoyHash = application.decoyPasswordHash
    }

    func signUp(fullName: String, email: String, password: String) async throws -> User {
        if let problem = PasswordPolicy.nameProblem(fullName) { throw APIError.validation(problem) }
        if let problem = PasswordPolicy.emailProblem(email) { throw APIError.validation(problem, code: "invalid_email") }
        if let problem = PasswordPolicy.problem(with: password, email: email) { throw APIError.validation(problem, code: "weak_password") }
        let normalized = User.normalize(email: email)
        if try await User.query(on: database).filter(\.$email == normalized).first() != nil {
            throw APIError.conflict("An account with this email already exists.", code: "email_taken")
        }
        let user = User(email: normalized, fullName: fullName.trimmingCharacters(in: .whitespacesAndNewlines),
                        passwordHash: try await hasher.hash(password))
        do {
            try await user.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw APIError.conflict("An account with this email already exists.", code: "email_taken")
        }
        return user
    }

    /// The user whose email and password these are. The error never says which of the two is wrong.
    func verify(email: String, password: String) async throws -> User {
        let normalized = User.normalize(email: email)
        let user = try await User.query(on: database).filter(\.$email == normalized).first()
        let hash = user?.passwordHash ?? decoyHash
        let matches = (try? await hasher.verify(password, created: hash)) ?? false
        guard let user, user.passwordHash != nil, matches else {
            throw APIError(.unauthorized, code: "invalid_credentials", message: "The email or password is wrong.")
        }
        guard user.isActive else {
            throw APIError.forbidden("This account is disabled. Contact the administrator.", code: "account_disabled")
        }
        return user
    }

    func changePassword(user: User, current: String?, new: String) async throws {
        if let hash = user.passwordHash {
            guard let current, (try? await hasher.verify(current, created: hash)) == true else {
                throw APIError(.unauthorized, code: "invalid_credentials", message: "The current password is wrong.")
            }
        }
        if let problem = PasswordPolicy.problem(with: new, email: user.email) { throw APIError.validation(problem, code: "weak_password") }
        user.passwordHash = try await hasher.hash(new)
        try await user.save(on: database)
    }

    /// Sets a new password without the old one (operators' `user reset-password`).
    func resetPassword(user: User, new: String) async throws {
        if let problem = PasswordPolicy.problem(with: new, email: user.email) { throw APIError.validation(problem, code: "weak_password") }
        user.passwordHash = try await hasher.hash(new)
        try await user.save(on: database)
    }

    func updateProfile(user: User, with input: UpdateProfileRequest) async throws {
        if let name = input.fullName {
            if let problem = PasswordPolicy.nameProblem(name) { throw APIError.validation(problem) }
            user.fullName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let email = input.email, User.normalize(email: email) != user.email {
            if let problem = PasswordPolicy.emailProblem(email) { throw APIError.validation(problem, code: "invalid_email") }
            if let hash = user.passwordHash {
                guard let current = input.currentPassword, (try? await hasher.verify(current, created: hash)) == true else {
                    throw APIError(.unauthorized, code: "invalid_credentials", message: "Confirm the change with your current password.")
                }
            }
            let normalized = User.normalize(email: email)
            if try await User.query(on: database).filter(\.$email == normalized).first() != nil {
                throw APIError.conflict("An account with this email already exists.", code: "email_taken")
            }
            user.email = normalized
        }
        if let locale = input.locale {
            guard ["en", "fr", "auto"].contains(locale) else { throw APIError.validation("The language must be en, fr or auto.") }
            user.locale = locale == "auto" ? nil : locale
        }
        if let theme = input.theme {
            guard ["light", "dark", "auto"].contains(theme) else { throw APIError.validation("The theme must be light, dark or auto.") }
            user.theme = theme == "auto" ? nil : theme
        }
        if let name = input.timeZone {
            guard name.count <= 64, let zone = TimeZone(identifier: name) else {
                throw APIError.validation("Unknown time zone; use an IANA name such as Europe/Paris.")
            }
            user.timeZone = zone.identifier
        }
        do {
            try await user.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw APIError.conflict("An account with this email already exists.", code: "email_taken")
        }
    }
}

extension Application {
    private struct DecoyHashKey: StorageKey { typealias Value = String }

    /// A Bcrypt hash of a random password at the configured cost, made once at start-up.
    var decoyPasswordHash: String {
        get { wired(DecoyHashKey.self) }
        set { storage[DecoyHashKey.self] = newValue }
    }
}

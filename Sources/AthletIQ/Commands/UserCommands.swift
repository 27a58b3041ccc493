import Fluent
import Vapor

/// `athletiq user create|list|disable|enable|reset-password`: account management for operators.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages user accounts (create, list, disable, enable, reset-password)." }

    var commands: [String: any AnyAsyncCommand] {
        ["create": Create(), "list": List(), "disable": SetActive(active: false), "enable": SetActive(active: true),
         "reset-password": ResetPassword()]
    }

    struct Create: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "email", help: "Email address (unique).") var email: String?
            @Option(name: "name", help: "Full name.") var name: String?
            @Option(name: "password", help: "Password; omitted: a random one is generated and printed.") var password: String?
        }
        var help: String { "Creates an account." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let email = signature.email, let name = signature.name else {
                throw CommandFailure("--email and --name are required")
            }
            let generated = signature.password == nil
            let password = signature.password ?? SecureToken.generate(bytes: 12)
            let app = context.application
            let user = try await AccountService(application: app, database: app.db)
                .signUp(fullName: name, email: email, password: password)
            context.console.print("created \(user.email) (\(try user.requireID()))")
            if generated { context.console.print("password: \(password)") }
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Lists every account." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let users = try await User.query(on: context.application.db).sort(\.$createdAt).all()
            context.console.print("\(users.count) account(s)")
            for user in users {
                let state = user.isActive ? "active  " : "disabled"
                context.console.print("\(state)  \(user.email)  \(user.fullName)  \(user.id?.uuidString ?? "")")
            }
        }
    }

    struct SetActive: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "email", help: "Email address of the account.") var email: String?
        }
        let active: Bool
        var help: String { active ? "Enables an account." : "Disables an account and signs out all its sessions." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let user = try await UserCommands.find(signature.email, on: app.db)
            user.isActive = active
            try await user.save(on: app.db)
            if !active {
                try await AuthSession.query(on: app.db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: Date()).set(\.$revokedReason, to: "account_disabled").update()
            }
            context.console.print("\(user.email) is now \(active ? "enabled" : "disabled")")
        }
    }

    struct ResetPassword: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "email", help: "Email address of the account.") var email: String?
            @Option(name: "password", help: "New password; omitted: a random one is generated and printed.") var password: String?
        }
        var help: String { "Sets a new password and signs out every session of the account." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let user = try await UserCommands.find(signature.email, on: app.db)
            let password = signature.password ?? SecureToken.generate(bytes: 12)
            try await AccountService(application: app, database: app.db).resetPassword(user: user, new: password)
            try await AuthSession.query(on: app.db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: Date()).set(\.$revokedReason, to: "password_reset").update()
            context.console.print("password of \(user.email) reset")
            if signature.password == nil { context.console.print("password: \(password)") }
        }
    }

    static func find(_ email: String?, on database: any Database) async throws -> User {
        guard let email else { throw CommandFailure("--email is required") }
        guard let user = try await User.query(on: database).filter(\.$email == User.normalize(email: email)).first() else {
            throw CommandFailure("no account with the email \(email)")
        }
        return user
    }
}

/// A command that cannot do what was asked, with a sentence for the operator.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ description: String) { self.description = description }
    var errorDescription: String? { description }
}

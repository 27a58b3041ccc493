import Foundation

/// What a password and an email must look like.
enum PasswordPolicy {
    static let minimumLength = 8
    /// Bcrypt reads only the first 72 bytes; longer passwords would be silently truncated.
    static let maximumBytes = 72

    private static let common: Set<String> = [
        "password", "password1", "12345678", "123456789", "1234567890", "qwertyuiop", "azertyuiop",
        "11111111", "iloveyou", "sunshine", "football", "motdepasse", "abcdefgh", "letmein1", "qwerty123",
    ]

    /// Why `password` is refused, or nil when it is acceptable.
    static func problem(with password: String, email: String? = nil) -> String? {
        if password.count < minimumLength { return "The password must have at least \(minimumLength) characters." }
        if password.utf8.count > maximumBytes { return "The password must be at most \(maximumBytes) bytes long." }
        let lower = password.lowercased()
        if common.contains(lower) { return "This password is too common; choose another." }
        if let email, lower == User.normalize(email: email) { return "The password must not be your email address." }
        return nil
    }

    /// Why `email` is refused, or nil when it looks like an address.
    static func emailProblem(_ email: String) -> String? {
        let value = User.normalize(email: email)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else {
            return "The email address is not valid."
        }
        return nil
    }

    static func nameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "The full name is required." }
        if trimmed.count > 200 { return "The full name must be at most 200 characters." }
        return nil
    }
}

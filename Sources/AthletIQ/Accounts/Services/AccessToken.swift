import Foundation
import JWT

/// The claims of an access token: who, which session, until when.
struct AccessTokenPayload: JWTPayload {
    static let issuer = "athletiq"

    var sub: SubjectClaim
    /// The session (refresh-token family) the token was issued for.
    var sid: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim
    /// Always `access`, so no other token we sign can be used as one.
    var typ: String

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer, typ == "access" else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "not an athletIQ access token")
        }
    }
}

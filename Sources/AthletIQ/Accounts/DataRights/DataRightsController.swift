import Fluent
import Vapor

struct DeletionRequest: Content, APISchema {
    /// The confirmation phrase, typed by the user.
    var confirm: String
    /// The account password, required to delete an account that has one.
    var password: String?

    static var schema: Schema {
        .object([
            .init("confirm", .string(description: "The exact phrase: DELETE STRAVA DATA, DELETE ALL MY DATA or DELETE MY ACCOUNT.")),
            .init("password", .string(description: "Required to delete an account that has a password."), required: false),
        ])
    }
}

/// Export everything, delete Strava data, delete all data, delete the account.
struct DataRightsController {
    func register(signedIn: any RoutesBuilder) {
        let me = signedIn.grouped("api", "v1", "me")
        me.get("export", use: export)
            .doc("Download everything of mine (a ZIP of JSON files and original activity files)", tag: "Data rights", access: .signedIn,
                 responses: [.content(200, "The archive", mediaType: "application/zip", schema: .binary)])
        me.post("delete-strava-data", use: deleteStravaData)
            .doc("Delete everything that came from Strava", tag: "Data rights", access: .signedIn, body: .json(DeletionRequest.self),
                 responses: [.empty(204, "Deleted")])
        me.post("delete-data", use: deleteAllData)
            .doc("Delete all my data but keep the account", tag: "Data rights", access: .signedIn, body: .json(DeletionRequest.self),
                 responses: [.empty(204, "Deleted")])
        me.delete(use: deleteAccount)
            .doc("Delete my account and everything in it", tag: "Data rights", access: .signedIn, body: .json(DeletionRequest.self),
                 responses: [.empty(204, "Account deleted; signed out")])
    }

    private func service(_ request: Request) -> DataRightsService {
        DataRightsService(database: request.db, registry: request.application.userData, logger: request.logger,
                          sessionCache: request.application.sessionCache)
    }

    func export(request: Request) async throws -> Response {
        let userID = try request.currentUserID
        let data = try await service(request).export(userID: userID)
        let day = ISO8601DateFormatter.string(from: request.application.clock.now(), timeZone: .gmt, formatOptions: [.withFullDate])
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/zip")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"athletiq-export-\(day).zip\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func deleteStravaData(request: Request) async throws -> HTTPStatus {
        try Self.confirm(request, phrase: DataRightsService.Confirmation.stravaData)
        await StravaDisconnection.revokeIfConnected(request)
        try await service(request).deleteStravaData(userID: try request.currentUserID)
        return .noContent
    }

    func deleteAllData(request: Request) async throws -> HTTPStatus {
        try Self.confirm(request, phrase: DataRightsService.Confirmation.allData)
        await StravaDisconnection.revokeIfConnected(request)
        try await service(request).deleteAllData(userID: try request.currentUserID)
        return .noContent
    }

    func deleteAccount(request: Request) async throws -> Response {
        let input = try Self.confirm(request, phrase: DataRightsService.Confirmation.account)
        let user = try request.currentUser
        if let hash = user.passwordHash {
            guard let password = input.password, (try? await request.password.async.verify(password, created: hash)) == true else {
                throw APIError(.unauthorized, code: "invalid_credentials", message: "Confirm with your password.")
            }
        }
        await StravaDisconnection.revokeIfConnected(request)
        try await service(request).deleteAccount(userID: try user.requireID())
        let response = Response(status: .noContent)
        AuthCookies.clear(on: response, settings: request.settings)
        return response
    }

    @discardableResult
    static func confirm(_ request: Request, phrase: String) throws -> DeletionRequest {
        let input = try request.content.decode(DeletionRequest.self)
        guard input.confirm.trimmingCharacters(in: .whitespaces) == phrase else {
            throw APIError.validation("Type \"\(phrase)\" to confirm.", code: "confirmation_required")
        }
        return input
    }
}

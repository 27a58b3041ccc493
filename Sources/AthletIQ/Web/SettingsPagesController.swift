import AthletIQCore
import Fluent
import Vapor

/// The settings page and its forms, each a plain POST that lands back on the page with a message.
struct SettingsPagesController {
    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("settings", use: page).doc("Settings", tag: "Web", access: .signedInPage, responses: [.html("The page")])
        let form = BodyDoc.media("application/x-www-form-urlencoded", .object([.init("_csrf", .string)]))
        for action in ["profile", "physiology", "password", "delete-strava-data", "delete-data", "delete-account"] {
            signedIn.post("settings", .constant(action), use: { try await self.submit(action, request: $0) })
                .doc("Settings: \(action.replacingOccurrences(of: "-", with: " "))", tag: "Web", access: .signedInPage, body: form,
                     responses: [.redirect("Back to the settings (or out, for a deleted account)", status: 303)])
        }
        signedIn.post("settings", "sessions", ":sessionID", "revoke", use: revokeSession)
            .doc("Sign out one device from the settings", tag: "Web", access: .signedInPage, responses: [.redirect("Back to the settings", status: 303)])
    }

    static let timeZones = TimeZone.knownTimeZoneIdentifiers.sorted()

    func model(_ request: Request) async throws -> SettingsPage.Model {
        let user = try request.currentUser
        let userID = try request.currentUserID
        let sessions = try await SessionsController().list(request: request)
        return SettingsPage.Model(name: user.fullName, locale: user.locale, theme: user.theme, timeZone: user.zone.identifier,
                                  timeZones: Self.timeZones,                                  hasPassword: user.passwordHash != nil,
                                  profile: try await AthleteProfileService(request: request).current(), sessions: sessions,
                                  stravaConnected: try await StravaConnection.query(on: request.db).filter(\.$user.$id == userID).first() != nil)
    }

    func page(request: Request) async throws -> Response {
        var model = try await model(request)
        if let done = try? request.query.get(String.self, at: "done"), ["saved", "passwordChanged", "deleted"].contains(done) {
            model.message = "settings." + done
        }
        return Layout.response(SettingsPage.render(model, context: PageContext(request: request)))
    }

    struct Fields: Content {
        var fullName: String?, locale: String?, theme: String?, timeZone: String?
        var maxHeartRate: String?, restingHeartRate: String?, thresholdHeartRate: String?, thresholdPace: String?
        var ftp: String?, weight: String?, sex: String?, heartRateZoneMethod: String?
        var currentPassword: String?, newPassword: String?, confirm: String?, password: String?

        enum CodingKeys: String, CodingKey {
            case locale, theme, ftp, weight, sex, confirm, password
            case timeZone = "time_zone"
            case fullName = "full_name", maxHeartRate = "max_heart_rate", restingHeartRate = "resting_heart_rate"
            case thresholdHeartRate = "threshold_heart_rate", thresholdPace = "threshold_pace"
            case heartRateZoneMethod = "heart_rate_zone_method"
            case currentPassword = "current_password", newPassword = "new_password"
        }
    }

    func submit(_ action: String, request: Request) async throws -> Response {
        let fields = (try? request.content.decode(Fields.self)) ?? Fields()
        do {
            switch action {
            case "profile":
                try await AccountService(request: request).updateProfile(
                    user: try request.currentUser, with: UpdateProfileRequest(fullName: fields.fullName, locale: fields.locale, theme: fields.theme,
                                                                             timeZone: fields.timeZone?.trimmingCharacters(in: .whitespaces)))
            case "physiology":
                try await savePhysiology(fields, request: request)
            case "password":
                guard let context = request.authContext else { throw APIError.unauthorized() }
                try await AccountService(request: request).changePassword(user: context.user, current: fields.currentPassword,
                                                                          new: fields.newPassword ?? "")
                try await SessionService(request: request).revokeAll(userID: context.userID, keeping: context.sessionID, reason: "password_changed")
                return request.redirect(to: "/settings?done=passwordChanged", redirectType: .normal)
            default:
                return try await delete(action, fields: fields, request: request)
            }
            let response = request.redirect(to: "/settings?done=saved", redirectType: .normal)
            // The language chosen in the settings is also this browser's choice.
            if action == "profile", let language = fields.locale.flatMap(Language.init(rawValue:)) {
                PageSession.setLanguageCookie(language, on: response, request: request)
            }
            return response
        } catch let error as APIError {
            var model = try await model(request)
            model.message = error.message
            model.isError = true
            return Layout.response(SettingsPage.render(model, context: PageContext(request: request)), status: error.status)
        }
    }

    private func savePhysiology(_ fields: Fields, request: Request) async throws {
        func number(_ text: String?, _ name: String, _ range: ClosedRange<Double>) throws -> Double? {
            do { return try PlanValues.number(text ?? "", field: name, range: range) } catch {
                throw APIError.validation("\(name) must be from \(Int(range.lowerBound)) to \(Int(range.upperBound)).")
            }
        }
        var profile = ProfileDTO()
        profile.maxHeartRate = try number(fields.maxHeartRate, "Max heart rate", 100...240)
        profile.restingHeartRate = try number(fields.restingHeartRate, "Resting heart rate", 25...120)
        profile.thresholdHeartRate = try number(fields.thresholdHeartRate, "Threshold heart rate", 80...230)
        do { profile.thresholdSpeed = try PlanValues.pace(fields.thresholdPace ?? "") } catch {
            throw APIError.validation("The threshold pace must look like 4:30.")
        }
        profile.ftp = try number(fields.ftp, "FTP", 30...700)
        profile.weight = try number(fields.weight, "Weight", 25...250)
        profile.sex = fields.sex?.nilIfEmpty
        profile.heartRateZoneMethod = fields.heartRateZoneMethod?.nilIfEmpty
        _ = try await AthleteProfileService(request: request).save(profile)
    }

    private func delete(_ action: String, fields: Fields, request: Request) async throws -> Response {
        let phrase = action == "delete-strava-data" ? DataRightsService.Confirmation.stravaData
            : action == "delete-data" ? DataRightsService.Confirmation.allData : DataRightsService.Confirmation.account
        guard fields.confirm?.trimmingCharacters(in: .whitespaces) == phrase else {
            throw APIError.validation("Type \"\(phrase)\" to confirm.", code: "confirmation_required")
        }
        let user = try request.currentUser
        let service = DataRightsService(database: request.db, registry: request.application.userData, logger: request.logger,
                          sessionCache: request.application.sessionCache)
        await StravaDisconnection.revokeIfConnected(request)
        switch action {
        case "delete-strava-data": try await service.deleteStravaData(userID: try user.requireID())
        case "delete-data": try await service.deleteAllData(userID: try user.requireID())
        default:
            if let hash = user.passwordHash {
                guard let password = fields.password, (try? await request.password.async.verify(password, created: hash)) == true else {
                    throw APIError(.unauthorized, code: "invalid_credentials", message: "Confirm with your password.")
                }
            }
            try await service.deleteAccount(userID: try user.requireID())
            let response = request.redirect(to: "/login", redirectType: .normal)
            AuthCookies.clear(on: response, settings: request.settings)
            return response
        }
        return request.redirect(to: "/settings?done=deleted", redirectType: .normal)
    }

    func revokeSession(request: Request) async throws -> Response {
        _ = try await SessionsController().revoke(request: request)
        return request.redirect(to: "/settings", redirectType: .normal)
    }
}

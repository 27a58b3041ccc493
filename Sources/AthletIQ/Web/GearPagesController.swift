import AthletIQCore
import Foundation
import Vapor

/// The gear page and its forms (distances typed in km), through the API's gear service.
struct GearPagesController {
    func register(_ app: Application) {
        let signedIn = app.grouped(UserAuthenticator(), PageSession(), RequirePageUser(), CSRFProtection())
        signedIn.get("gear", use: page)
            .doc("Shoes, bikes and other gear: totals, replacement distance, defaults, and the forms to change them", tag: "Web",
                 access: .signedInPage, responses: [.html("The page")])
        let form = BodyDoc.media("application/x-www-form-urlencoded", .object([
            .init("name", .string), .init("kind", .enumeration(GearService.kinds)), .init("brand", .string, required: false),
            .init("model", .string, required: false), .init("initial_km", .string, required: false), .init("retire_km", .string, required: false),
            .init("default_sports[]", .array(.enumeration(Sport.allCases.map(\.rawValue))), required: false)]))
        signedIn.post("gear", use: create).doc("Add gear from the gear page", tag: "Web", access: .signedInPage, body: form,
                                               responses: [.redirect("Back to the gear page", status: 303)])
        signedIn.post("gear", ":gearID", use: update).doc("Change gear from the gear page", tag: "Web", access: .signedInPage, body: form,
                                                          responses: [.redirect("Back to the gear page", status: 303)])
        signedIn.post("gear", ":gearID", "retire", use: retire)
            .doc("Retire gear, or put it back in use", tag: "Web", access: .signedInPage,
                 body: .media("application/x-www-form-urlencoded", .object([.init("retired", .boolean)])),
                 responses: [.redirect("Back to the gear page", status: 303)])
        signedIn.post("gear", ":gearID", "delete", use: delete)
            .doc("Remove gear from the gear page", tag: "Web", access: .signedInPage, responses: [.redirect("Back to the gear page", status: 303)])
    }

    struct Form: Content {
        var name: String?, kind: String?, brand: String?, model: String?, initialKm: String?, retireKm: String?, defaultSports: [String]?
        enum CodingKeys: String, CodingKey {
            case name, kind, brand, model, initialKm = "initial_km", retireKm = "retire_km", defaultSports = "default_sports"
        }

        /// The form as the service takes it: km to metres, an empty distance as none, no box ticked as no default.
        func input() throws -> GearService.Input {
            func metres(_ text: String?, field: String) throws -> Double? {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 0 }
                guard let km = Double(text.replacingOccurrences(of: ",", with: ".")), km.isFinite else {
                    throw APIError.validation("The \(field) is a number of kilometres.")
                }
                return km * 1000
            }
            return GearService.Input(kind: kind, name: name, brand: brand ?? "", model: model ?? "",
                                     initialDistance: try metres(initialKm, field: "starting distance"),
                                     retireDistance: try metres(retireKm, field: "replacement distance"), defaultSports: defaultSports ?? [])
        }
    }

    func page(request: Request) async throws -> Response {
        let model = GearPage.Model(items: try await GearService.of(request).list())
        return Layout.response(GearPage.render(model, context: PageContext(request: request)))
    }

    func create(request: Request) async throws -> Response {
        _ = try await GearService.of(request).create(try request.content.decode(Form.self).input())
        return request.redirect(to: "/gear", redirectType: .normal)
    }

    func update(request: Request) async throws -> Response {
        let gear = try await GearService.of(request).update(request.parameters.get("gearID", as: UUID.self), try request.content.decode(Form.self).input())
        return request.redirect(to: "/gear#gear-\(gear.id?.uuidString ?? "")", redirectType: .normal)
    }

    struct RetireForm: Content { var retired: String? }

    func retire(request: Request) async throws -> Response {
        let retired = (try? request.content.decode(RetireForm.self))?.retired != "false"
        _ = try await GearService.of(request).update(request.parameters.get("gearID", as: UUID.self), .init(retired: retired))
        return request.redirect(to: "/gear", redirectType: .normal)
    }

    func delete(request: Request) async throws -> Response {
        try await GearService.of(request).delete(request.parameters.get("gearID", as: UUID.self))
        return request.redirect(to: "/gear", redirectType: .normal)
    }
}

import Foundation
import Vapor

/// Gear over the API: listed with totals, created, changed, removed.
struct GearController {
    func register(signedIn: any RoutesBuilder) {
        let api = signedIn.grouped("api", "v1", "gear")
        api.get(use: list).doc("Shoes, bikes and other gear with their activities, distance and time (in use first)", tag: "Gear",
                               access: .signedIn, responses: [.jsonArray(200, "Each piece of gear", of: GearDTO.self)])
        api.post(use: create).doc("Add gear: kind and name needed; a default for some sports, a distance after which to replace it", tag: "Gear",
                                  access: .signedIn, body: .json(GearInputDTO.self), responses: [.json(201, "The gear", GearDTO.self)])
        api.patch(":gearID", use: update).doc("Change gear: rename, retire, set its defaults or replacement distance", tag: "Gear",
                                              access: .signedIn, body: .json(GearInputDTO.self), responses: [.json(200, "The gear", GearDTO.self)])
        api.delete(":gearID", use: delete).doc("Remove gear; its activities keep no gear", tag: "Gear", access: .signedIn,
                                               responses: [.empty(204, "Removed")])
    }

    func list(request: Request) async throws -> [GearDTO] {
        try await GearService.of(request).list().map(GearDTO.init)
    }

    func create(request: Request) async throws -> Response {
        let service = try GearService.of(request)
        let gear = try await service.create(try request.content.decode(GearInputDTO.self).input)
        return try await GearDTO(try await service.item(gear.id)).encodeResponse(status: .created, for: request)
    }

    func update(request: Request) async throws -> GearDTO {
        let service = try GearService.of(request)
        let gear = try await service.update(request.parameters.get("gearID", as: UUID.self), try request.content.decode(GearInputDTO.self).input)
        return try GearDTO(try await service.item(gear.id))
    }

    func delete(request: Request) async throws -> HTTPStatus {
        try await GearService.of(request).delete(request.parameters.get("gearID", as: UUID.self))
        return .noContent
    }
}

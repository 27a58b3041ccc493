import AthletIQCore
import Foundation
import Vapor

/// A piece of gear with what it has done.
struct GearDTO: Content, APISchema {
    var id: UUID
    var kind: String
    var name: String
    var brand: String?
    var model: String?
    var stravaId: String?
    var initialDistance: Double
    var retireDistance: Double?
    var retiredAt: Date?
    var defaultSports: [String]
    var activities: Int
    /// Metres, the initial distance included.
    var distance: Double
    var movingTime: Double
    var lastUsed: Date?
    /// Past its replacement distance and still in use.
    var due: Bool

    init(_ item: GearService.Item) throws {
        let gear = item.gear
        id = try gear.requireID()
        (kind, name, brand, model, stravaId) = (gear.kind, gear.name, gear.brand, gear.model, gear.stravaID)
        (initialDistance, retireDistance, retiredAt, defaultSports) = (gear.initialDistance, gear.retireDistance, gear.retiredAt, gear.defaultSportList)
        (activities, distance, movingTime, lastUsed, due) = (item.activities, item.distance, item.movingTime, item.lastUsed, item.isDue)
    }

    static var schema: Schema {
        .object([.init("id", .string(format: "uuid")), .init("kind", .enumeration(GearService.kinds)), .init("name", .string),
                 .init("brand", .string, required: false), .init("model", .string, required: false),
                 .init("strava_id", .string(description: "Strava's id of it (b… bikes, g… shoes)"), required: false),
                 .init("initial_distance", .number(description: "Metres done before its activities were recorded here")),
                 .init("retire_distance", .number(description: "Metres after which to replace it"), required: false),
                 .init("retired_at", .dateTime, required: false),
                 .init("default_sports", .array(.enumeration(Sport.allCases.map(\.rawValue)))),
                 .init("activities", .integer), .init("distance", .number(description: "Metres, the initial distance included")),
                 .init("moving_time", .number(description: "Seconds")), .init("last_used", .dateTime, required: false),
                 .init("due", .boolean(description: "Past its replacement distance and not retired"))])
    }
}

/// What a client sends to create gear (kind and name needed) or to change it (any field).
struct GearInputDTO: Content, APISchema {
    var kind: String?
    var name: String?
    var brand: String?
    var model: String?
    var initialDistance: Double?
    var retireDistance: Double?
    var retired: Bool?
    var defaultSports: [String]?

    var input: GearService.Input {
        .init(kind: kind, name: name, brand: brand, model: model, initialDistance: initialDistance, retireDistance: retireDistance,
              retired: retired, defaultSports: defaultSports)
    }

    static var schema: Schema {
        .object([.init("kind", .enumeration(GearService.kinds), required: false), .init("name", .string, required: false),
                 .init("brand", .string(description: "Empty clears it"), required: false), .init("model", .string(description: "Empty clears it"), required: false),
                 .init("initial_distance", .number(description: "Metres"), required: false),
                 .init("retire_distance", .number(description: "Metres; 0 clears it"), required: false),
                 .init("retired", .boolean, required: false),
                 .init("default_sports", .array(.enumeration(Sport.allCases.map(\.rawValue))), required: false)])
    }
}

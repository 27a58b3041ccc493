import AthletIQCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// An athlete's gear: kept, linked to activities, and what each has done (count, distance,
/// moving time), with the ones past the distance the athlete set for replacing them.
struct GearService {
    let database: any Database
    let userID: UUID
    var clock: any AppClock = SystemClock()

    static let kinds = ["shoes", "bike", "other"]
    static let maxName = 100
    /// Gear one athlete may keep (retired included).
    static let maxGear = 200

    /// One piece of gear and its totals.
    struct Item: Sendable {
        var gear: Gear
        var activities: Int
        /// Metres, the initial distance included.
        var distance: Double
        var movingTime: Double
        var lastUsed: Date?

        var isDue: Bool { gear.retiredAt == nil && gear.retireDistance.map { distance >= $0 } == true }
    }

    /// What may be set on gear; nil leaves a field as it is (an empty text clears it).
    struct Input: Sendable {
        var kind: String?
        var name: String?
        var brand: String?
        var model: String?
        var initialDistance: Double?
        /// Metres; 0 clears it.
        var retireDistance: Double?
        var retired: Bool?
        var defaultSports: [String]?
    }

    /// The kind of gear an activity of this sport uses.
    static func kind(forSport sport: String) -> String {
        switch Sport(rawValue: sport)?.family {
        case .cycling: return "bike"
        case .running, .walking: return "shoes"
        default: return "other"
        }
    }

    /// Every piece of gear with its totals: in use first (by name), then the retired ones.
    func list() async throws -> [Item] {
        let gear = try await Gear.query(on: database).filter(\.$user.$id == userID).all()
        let totals = try await self.totals()
        return gear.map { item in
            let total = item.id.flatMap { totals[$0] }
            return Item(gear: item, activities: total?.count ?? 0, distance: item.initialDistance + (total?.distance ?? 0),
                        movingTime: total?.movingTime ?? 0, lastUsed: total?.lastUsed)
        }.sorted { ($0.gear.retiredAt == nil ? 0 : 1, $0.gear.name.lowercased()) < ($1.gear.retiredAt == nil ? 0 : 1, $1.gear.name.lowercased()) }
    }

    func item(_ id: UUID?) async throws -> Item {
        let gear = try await find(id)
        return try await list().first { $0.gear.id == gear.id } ?? Item(gear: gear, activities: 0, distance: gear.initialDistance, movingTime: 0)
    }

    /// Gear past its replacement distance and not yet retired, for the dashboard's reminder.
    func due() async throws -> [Item] {
        guard try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$retireDistance != nil).count() > 0 else { return [] }
        return try await list().filter(\.isDue)
    }

    private struct Total: Decodable {
        var gear_id: UUID
        var count: Int
        var distance: Double?
        var moving_time: Double?
        var last_used: Date?
        var lastUsed: Date? { last_used }
        var movingTime: Double? { moving_time }
    }

    /// One grouped pass over the athlete's activities that name gear.
    private func totals() async throws -> [UUID: Total] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT gear_id, COUNT(*) AS count, SUM(distance) AS distance, SUM(COALESCE(moving_time, elapsed_time)) AS moving_time,
            MAX(start_date) AS last_used FROM activities WHERE user_id = \(bind: userID) AND gear_id IS NOT NULL GROUP BY gear_id
            """).all(decoding: Total.self)
        return Dictionary(rows.map { ($0.gear_id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func find(_ id: UUID?) async throws -> Gear {
        guard let id, let gear = try await Gear.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
            throw APIError.notFound("gear")
        }
        return gear
    }

    func create(_ input: Input) async throws -> Gear {
        guard input.name != nil, input.kind != nil else { throw APIError.validation("A kind (shoes, bike or other) and a name are needed.") }
        guard try await Gear.query(on: database).filter(\.$user.$id == userID).count() < Self.maxGear else {
            throw APIError.validation("At most \(Self.maxGear) pieces of gear.")
        }
        let gear = Gear()
        gear.$user.id = userID
        try await apply(input, to: gear)
        return gear
    }

    func update(_ id: UUID?, _ input: Input) async throws -> Gear {
        let gear = try await find(id)
        let renamed = input.name.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) != gear.name } ?? false
        try await apply(input, to: gear)
        if renamed {
            try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$gearID == gear.id)
                .set(\.$gear, to: gear.name).update()
        }
        return gear
    }

    /// Removes the gear; its activities keep no gear.
    func delete(_ id: UUID?) async throws {
        let gear = try await find(id)
        try await database.transaction { database in
            try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$gearID == gear.id)
                .set(\.$gearID, to: nil).set(\.$gear, to: nil).update()
            try await gear.delete(on: database)
        }
    }

    private func apply(_ input: Input, to gear: Gear) async throws {
        if let kind = input.kind {
            guard Self.kinds.contains(kind) else { throw APIError.validation("kind must be shoes, bike or other.") }
            gear.kind = kind
        }
        if let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard !name.isEmpty, name.count <= Self.maxName else { throw APIError.validation("The name must have 1 to \(Self.maxName) characters.") }
            gear.name = name
        }
        if let brand = input.brand { gear.brand = try Self.optionalText(brand, field: "brand") }
        if let model = input.model { gear.model = try Self.optionalText(model, field: "model") }
        if let initial = input.initialDistance {
            guard initial.isFinite, (0...1_000_000_000).contains(initial) else { throw APIError.validation("initial_distance must be 0 to 1,000,000 km (in metres).") }
            gear.initialDistance = initial
        }
        if let retire = input.retireDistance {
            guard retire.isFinite, (0...1_000_000_000).contains(retire) else { throw APIError.validation("retire_distance must be 0 to 1,000,000 km (in metres); 0 clears it.") }
            gear.retireDistance = retire == 0 ? nil : retire
        }
        if let retired = input.retired {
            if !retired { gear.retiredAt = nil } else if gear.retiredAt == nil { gear.retiredAt = clock.now() }
        }
        if let sports = input.defaultSports {
            guard sports.allSatisfy({ Sport(rawValue: $0) != nil }) else { throw APIError.validation("Unknown sport in default_sports.") }
            gear.defaultSports = Array(Set(sports)).sorted().joined(separator: ",")
        }
        try await database.transaction { database in
            try await gear.save(on: database)
            // A sport has one default: the others give it up.
            let mine = Set(gear.defaultSportList)
            guard input.defaultSports != nil, !mine.isEmpty else { return }
            for other in try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$id != gear.requireID()).all()
            where !mine.isDisjoint(with: other.defaultSportList) {
                other.defaultSports = other.defaultSportList.filter { !mine.contains($0) }.joined(separator: ",")
                try await other.save(on: database)
            }
        }
    }

    private static func optionalText(_ text: String, field: String) throws -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maxName else { throw APIError.validation("The \(field) may have at most \(maxName) characters.") }
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension GearService {
    /// The signed-in athlete's gear.
    static func of(_ request: Request) throws -> GearService {
        GearService(database: request.db, userID: try request.currentUserID, clock: request.application.clock)
    }
}

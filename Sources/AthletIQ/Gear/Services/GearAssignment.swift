import AthletIQCore
import Fluent
import Foundation

/// Which gear an activity gets: the one a Strava export or Strava names (made when new), the one
/// the athlete chose, or else the athlete's default for the sport.
struct GearAssignment {
    let database: any Database
    let userID: UUID
    var clock: any AppClock = SystemClock()

    /// Links (or unlinks) the activity; its kept gear name follows.
    static func link(_ activity: Activity, to gear: Gear?) {
        activity.gearID = gear?.id
        activity.gear = gear?.name
    }

    /// A new activity from a file: the gear the export names (made if new), else the sport's default.
    func assignNew(_ activity: Activity, named name: String?) async throws {
        if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty {
            Self.link(activity, to: try await named(name, sport: activity.sport))
        } else {
            Self.link(activity, to: try await defaultGear(sport: activity.sport))
        }
    }

    /// The athlete's gear of that name, made when there is none (its kind from the sport).
    func named(_ name: String, sport: String) async throws -> Gear {
        let trimmed = String(name.trimmingCharacters(in: .whitespacesAndNewlines).prefix(GearService.maxName))
        if let known = try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$name == trimmed).first() { return known }
        let gear = Gear()
        gear.$user.id = userID
        gear.name = trimmed
        gear.kind = GearService.kind(forSport: sport)
        try await gear.create(on: database)
        return gear
    }

    /// The gear in use that the athlete made the default for this sport.
    func defaultGear(sport: String) async throws -> Gear? {
        try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$retiredAt == nil).all()
            .first { $0.defaultSportList.contains(sport) }
    }

    /// Gear from a Strava export's `bikes.csv` or `shoes.csv`: made unless the athlete has gear of
    /// that name; the default sports are filled in where no other gear has them.
    func importExport(_ items: [StravaExportGear]) async throws {
        var taken = Set(try await Gear.query(on: database).filter(\.$user.$id == userID).all().flatMap(\.defaultSportList))
        for item in items {
            guard try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$name == item.name).first() == nil else { continue }
            let gear = Gear()
            gear.$user.id = userID
            gear.name = item.name
            gear.kind = item.kind.rawValue
            gear.brand = item.brand
            gear.model = item.model
            let sports = Set(item.defaultSportTypes.map { Sport.named($0).rawValue }).subtracting(taken).subtracting([Sport.other.rawValue])
            gear.defaultSports = sports.sorted().joined(separator: ",")
            taken.formUnion(sports)
            try await gear.create(on: database)
        }
    }

    /// Strava's gear: the gear with that Strava id, else gear of the same name not yet linked to
    /// Strava (an export imported earlier), else new gear (named by its id until Strava says more:
    /// summaries carry only the id, the detail and the athlete's gear list the name).
    func strava(id: String, name: String?, kind: String?, retired: Bool? = nil) async throws -> Gear {
        let id = String(id.prefix(40))
        let cleanName = name.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(GearService.maxName)) }.flatMap { $0.isEmpty ? nil : $0 }
        var gear = try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$stravaID == id).first()
        if gear == nil, let cleanName {
            gear = try await Gear.query(on: database).filter(\.$user.$id == userID).filter(\.$name == cleanName).filter(\.$stravaID == nil).first()
        }
        let item = gear ?? Gear()
        if gear == nil {
            item.$user.id = userID
            item.name = cleanName ?? id
            // Strava's ids say the kind: b… for bikes, g… for shoes.
            item.kind = kind ?? (id.hasPrefix("b") ? "bike" : (id.hasPrefix("g") ? "shoes" : "other"))
        }
        item.stravaID = id
        // A name Strava gives replaces the placeholder id; a name the athlete chose here stays.
        let renamed = cleanName != nil && item.name == id && item.id != nil
        if let cleanName, item.name == id { item.name = cleanName }
        if retired == true, item.retiredAt == nil { item.retiredAt = clock.now() }
        try await item.save(on: database)
        if renamed {
            try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$gearID == item.id).set(\.$gear, to: item.name).update()
        }
        return item
    }
}

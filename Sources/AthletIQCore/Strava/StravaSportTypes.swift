/// Strava's `sport_type` values (the documented list) and how each maps to our sports. The
/// table is explicit so a new Strava type shows up in a test rather than silently as `other`.
public enum StravaSportTypes {
    public static let mapping: [String: Sport] = [
        "Run": .run, "TrailRun": .trailRun, "VirtualRun": .virtualRun,
        "Walk": .walk, "Hike": .hike, "Wheelchair": .other,
        "Ride": .ride, "MountainBikeRide": .mountainBikeRide, "GravelRide": .gravelRide,
        "VirtualRide": .virtualRide, "EBikeRide": .eBikeRide, "EMountainBikeRide": .eBikeRide,
        "Handcycle": .ride, "Velomobile": .ride,
        "Swim": .swim,
        "Rowing": .row, "VirtualRow": .row, "Canoeing": .paddle, "Kayaking": .paddle,
        "StandUpPaddling": .paddle, "Surfing": .paddle, "Kitesurf": .paddle, "Windsurf": .paddle, "Sail": .paddle,
        "AlpineSki": .alpineSki, "Snowboard": .alpineSki, "BackcountrySki": .backcountrySki,
        "NordicSki": .nordicSki, "RollerSki": .nordicSki, "Snowshoe": .snowshoe,
        "IceSkate": .other, "InlineSkate": .other, "Skateboard": .other,
        "WeightTraining": .strength, "Crossfit": .workout, "Workout": .workout,
        "HighIntensityIntervalTraining": .workout, "Elliptical": .workout, "StairStepper": .workout,
        "Yoga": .yoga, "Pilates": .yoga,
        "RockClimbing": .other, "Golf": .other, "Soccer": .other, "Tennis": .other, "Squash": .other,
        "Badminton": .other, "Pickleball": .other, "Racquetball": .other, "TableTennis": .other,
        "Dance": .other,
    ]

    /// Our sport for a Strava `sport_type` (or legacy `type`); unknown names go through the
    /// general name table.
    public static func sport(_ name: String) -> Sport {
        mapping[name] ?? Sport.named(name)
    }

    /// The Strava `sport_type` for one of our sports (the simulator and tests use it).
    public static func stravaName(_ sport: Sport) -> String {
        switch sport {
        case .run: return "Run"
        case .trailRun: return "TrailRun"
        case .virtualRun: return "VirtualRun"
        case .walk: return "Walk"
        case .hike: return "Hike"
        case .ride: return "Ride"
        case .mountainBikeRide: return "MountainBikeRide"
        case .gravelRide: return "GravelRide"
        case .virtualRide: return "VirtualRide"
        case .eBikeRide: return "EBikeRide"
        case .swim: return "Swim"
        case .row: return "Rowing"
        case .paddle: return "Kayaking"
        case .alpineSki: return "AlpineSki"
        case .nordicSki: return "NordicSki"
        case .backcountrySki: return "BackcountrySki"
        case .snowshoe: return "Snowshoe"
        case .strength: return "WeightTraining"
        case .yoga: return "Yoga"
        case .workout: return "Workout"
        case .other: return "Workout"
        }
    }
}

/// What kind of activity it was. Raw values are the API's names.
public enum Sport: String, Sendable, Codable, CaseIterable {
    case run
    case trailRun = "trail_run"
    case virtualRun = "virtual_run"
    case walk
    case hike
    case ride
    case mountainBikeRide = "mountain_bike_ride"
    case gravelRide = "gravel_ride"
    case virtualRide = "virtual_ride"
    case eBikeRide = "e_bike_ride"
    case swim
    case row
    case paddle
    case alpineSki = "alpine_ski"
    case nordicSki = "nordic_ski"
    case backcountrySki = "backcountry_ski"
    case snowshoe
    case strength
    case yoga
    case workout
    case other

    /// The family a sport belongs to, for statistics and plan matching.
    public enum Family: String, Sendable, Codable, CaseIterable {
        case running, cycling, swimming, walking, water, winter, fitness, other
    }

    public var family: Family {
        switch self {
        case .run, .trailRun, .virtualRun: return .running
        case .ride, .mountainBikeRide, .gravelRide, .virtualRide, .eBikeRide: return .cycling
        case .swim: return .swimming
        case .walk, .hike: return .walking
        case .row, .paddle: return .water
        case .alpineSki, .nordicSki, .backcountrySki, .snowshoe: return .winter
        case .strength, .yoga, .workout: return .fitness
        case .other: return .other
        }
    }

    /// Whether pace (time per distance) is the natural measure, rather than speed.
    public var usesPace: Bool {
        family == .running || family == .walking || self == .swim
    }

    /// A sport from a free-form name: GPX `<type>`, TCX `Sport`, or Strava's `sport_type`.
    public static func named(_ raw: String) -> Sport {
        let key = raw.lowercased().filter { $0.isLetter }
        return namedSports[key] ?? .other
    }

    private static let namedSports: [String: Sport] = [
        "run": .run, "running": .run, "course": .run, "courseapied": .run, "treadmill": .virtualRun,
        "trailrun": .trailRun, "trailrunning": .trailRun, "trail": .trailRun, "virtualrun": .virtualRun,
        "walk": .walk, "walking": .walk, "marche": .walk, "hike": .hike, "hiking": .hike, "randonnee": .hike,
        "ride": .ride, "biking": .ride, "cycling": .ride, "bike": .ride, "velo": .ride, "roadbiking": .ride,
        "mountainbikeride": .mountainBikeRide, "mountainbiking": .mountainBikeRide, "mtb": .mountainBikeRide,
        "gravelride": .gravelRide, "gravelcycling": .gravelRide, "virtualride": .virtualRide,
        "ebikeride": .eBikeRide, "emountainbikeride": .eBikeRide, "handcycle": .ride, "velomobile": .ride,
        "swim": .swim, "swimming": .swim, "natation": .swim,
        "rowing": .row, "row": .row, "canoeing": .paddle, "kayaking": .paddle, "standuppaddling": .paddle,
        "paddling": .paddle, "sup": .paddle, "surfing": .paddle, "kitesurf": .paddle, "windsurf": .paddle,
        "alpineski": .alpineSki, "alpineskiing": .alpineSki, "snowboard": .alpineSki, "nordicski": .nordicSki,
        "crosscountryskiing": .nordicSki, "backcountryski": .backcountrySki, "snowshoe": .snowshoe,
        "weighttraining": .strength, "strength": .strength, "crossfit": .workout, "yoga": .yoga,
        "workout": .workout, "hiit": .workout, "elliptical": .workout, "stairstepper": .workout,
        "other": .other,
    ]
}

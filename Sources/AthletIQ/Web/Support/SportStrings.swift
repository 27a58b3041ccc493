import AthletIQCore

/// Sport names as athletes say them, in each language (the stored codes, `e_bike_ride`, are for
/// the API).
enum SportStrings {
    static let english: [String: String] = [
        "sport.run": "Run", "sport.trail_run": "Trail run", "sport.virtual_run": "Virtual run", "sport.walk": "Walk",
        "sport.hike": "Hike", "sport.ride": "Ride", "sport.mountain_bike_ride": "Mountain bike ride", "sport.gravel_ride": "Gravel ride",
        "sport.virtual_ride": "Virtual ride", "sport.e_bike_ride": "E-bike ride", "sport.swim": "Swim", "sport.row": "Rowing",
        "sport.paddle": "Paddling", "sport.alpine_ski": "Alpine skiing", "sport.nordic_ski": "Nordic skiing",
        "sport.backcountry_ski": "Backcountry skiing", "sport.snowshoe": "Snowshoeing", "sport.strength": "Strength training",
        "sport.yoga": "Yoga", "sport.workout": "Workout", "sport.other": "Other",
        "best.400m": "400 m", "best.1k": "1 km", "best.1mile": "1 mile", "best.5k": "5 km", "best.10k": "10 km",
        "best.half_marathon": "Half marathon", "best.marathon": "Marathon", "best.power_1min": "1 min power",
        "best.power_5min": "5 min power", "best.power_20min": "20 min power", "best.power_60min": "1 h power",
    ]

    static let french: [String: String] = [
        "sport.run": "Course à pied", "sport.trail_run": "Trail", "sport.virtual_run": "Course virtuelle", "sport.walk": "Marche",
        "sport.hike": "Randonnée", "sport.ride": "Vélo", "sport.mountain_bike_ride": "VTT", "sport.gravel_ride": "Gravel",
        "sport.virtual_ride": "Vélo virtuel", "sport.e_bike_ride": "Vélo électrique", "sport.swim": "Natation", "sport.row": "Aviron",
        "sport.paddle": "Pagaie", "sport.alpine_ski": "Ski alpin", "sport.nordic_ski": "Ski de fond",
        "sport.backcountry_ski": "Ski de randonnée", "sport.snowshoe": "Raquettes", "sport.strength": "Renforcement musculaire",
        "sport.yoga": "Yoga", "sport.workout": "Entraînement", "sport.other": "Autre",
        "best.400m": "400 m", "best.1k": "1 km", "best.1mile": "1 mile", "best.5k": "5 km", "best.10k": "10 km",
        "best.half_marathon": "Semi-marathon", "best.marathon": "Marathon", "best.power_1min": "Puissance 1 min",
        "best.power_5min": "Puissance 5 min", "best.power_20min": "Puissance 20 min", "best.power_60min": "Puissance 1 h",
    ]
}

extension Strings {
    /// A best effort's name as people say it ("5 km", "20 min power"); an unknown one as it is.
    func bestEffort(_ code: String) -> String {
        let key = "best." + code
        let name = self[key]
        return name == key ? code : name
    }

    /// A sport's name in this language; an unknown code is shown as it is.
    func sport(_ code: String) -> String {
        let key = "sport." + code
        let name = self[key]
        return name == key ? code : name
    }
}

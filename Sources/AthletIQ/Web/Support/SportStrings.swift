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
    ]

    static let french: [String: String] = [
        "sport.run": "Course à pied", "sport.trail_run": "Trail", "sport.virtual_run": "Course virtuelle", "sport.walk": "Marche",
        "sport.hike": "Randonnée", "sport.ride": "Vélo", "sport.mountain_bike_ride": "VTT", "sport.gravel_ride": "Gravel",
        "sport.virtual_ride": "Vélo virtuel", "sport.e_bike_ride": "Vélo électrique", "sport.swim": "Natation", "sport.row": "Aviron",
        "sport.paddle": "Pagaie", "sport.alpine_ski": "Ski alpin", "sport.nordic_ski": "Ski de fond",
        "sport.backcountry_ski": "Ski de randonnée", "sport.snowshoe": "Raquettes", "sport.strength": "Renforcement musculaire",
        "sport.yoga": "Yoga", "sport.workout": "Entraînement", "sport.other": "Autre",
    ]
}

extension Strings {
    /// A sport's name in this language; an unknown code is shown as it is.
    func sport(_ code: String) -> String {
        let key = "sport." + code
        let name = self[key]
        return name == key ? code : name
    }
}

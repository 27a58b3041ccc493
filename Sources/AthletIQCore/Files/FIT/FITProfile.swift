/// Names from the FIT profile for the enums an activity needs.
enum FITProfile {
    static let sports: [Int: String] = [
        0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment", 5: "swimming",
        6: "basketball", 7: "soccer", 8: "tennis", 9: "american_football", 10: "training", 11: "walking",
        12: "cross_country_skiing", 13: "alpine_skiing", 14: "snowboarding", 15: "rowing", 16: "mountaineering",
        17: "hiking", 18: "multisport", 19: "paddling", 20: "flying", 21: "e_biking", 22: "motorcycling",
        23: "boating", 24: "driving", 25: "golf", 26: "hang_gliding", 27: "horseback_riding", 28: "hunting",
        29: "fishing", 30: "inline_skating", 31: "rock_climbing", 32: "sailing", 33: "ice_skating",
        34: "sky_diving", 35: "snowshoeing", 36: "snowmobiling", 37: "stand_up_paddleboarding", 38: "surfing",
        39: "wakeboarding", 40: "water_skiing", 41: "kayaking", 42: "rafting", 43: "windsurfing",
        44: "kitesurfing", 45: "tactical", 46: "jumpmaster", 47: "boxing", 48: "floor_climbing", 53: "diving",
        62: "hiit", 254: "all",
    ]

    static let subSports: [Int: String] = [
        0: "generic", 1: "treadmill", 2: "street", 3: "trail", 4: "track", 5: "spin", 6: "indoor_cycling",
        7: "road", 8: "mountain", 9: "downhill", 10: "recumbent", 11: "cyclocross", 12: "hand_cycling",
        13: "track_cycling", 14: "indoor_rowing", 15: "elliptical", 16: "stair_climbing", 17: "lap_swimming",
        18: "open_water", 19: "flexibility_training", 20: "strength_training", 21: "warm_up", 22: "match",
        23: "exercise", 24: "challenge", 25: "indoor_skiing", 26: "cardio_training", 27: "indoor_walking",
        28: "e_bike_fitness", 29: "bmx", 30: "casual_walking", 31: "speed_walking", 32: "bike_to_run_transition",
        33: "run_to_bike_transition", 34: "swim_to_bike_transition", 35: "atv", 36: "motocross", 37: "backcountry",
        38: "resort", 39: "rc_drone", 40: "wingsuit", 41: "whitewater", 42: "skate_skiing", 43: "yoga",
        44: "pilates", 45: "indoor_running", 46: "gravel_cycling", 47: "e_mountain_bike", 48: "commuting",
        49: "mixed_surface", 50: "navigate", 51: "track_me", 52: "map", 58: "virtual_activity", 59: "obstacle",
        254: "all",
    ]

    static let fileTypes: [Int: String] = [
        1: "device", 2: "settings", 3: "sport", 4: "activity", 5: "workout", 6: "course", 7: "schedules",
        9: "weight", 10: "totals", 11: "goals", 14: "blood_pressure", 15: "monitoring_a", 20: "activity_summary",
        28: "monitoring_daily", 32: "monitoring_b", 34: "segment", 35: "segment_list", 40: "exd_configuration",
    ]

    static let manufacturers: [Int: String] = [
        1: "garmin", 2: "garmin_fr405_antfs", 3: "zephyr", 4: "dayton", 5: "idt", 6: "srm", 7: "quarq",
        8: "ibike", 9: "saris", 10: "spark_hk", 11: "tanita", 12: "echowell", 13: "dynastream_oem", 14: "nautilus",
        15: "dynastream", 16: "timex", 17: "metrigear", 18: "xelic", 19: "beurer", 20: "cardiosport", 21: "a_and_d",
        22: "hmm", 23: "suunto", 24: "thita_elektronik", 25: "gpulse", 26: "clean_mobile", 27: "pedal_brain",
        28: "peaksware", 29: "saxonar", 30: "lemond_fitness", 31: "dexcom", 32: "wahoo_fitness",
        33: "octane_fitness", 34: "archinoetics", 35: "the_hurt_box", 36: "citizen_systems", 37: "magellan",
        38: "osynce", 39: "holux", 40: "concept2", 41: "shimano", 42: "one_giant_leap", 43: "ace_sensor",
        44: "brim_brothers", 45: "xplova", 46: "perception_digital", 47: "bf1systems", 48: "pioneer",
        49: "spantec", 50: "metalogics", 51: "4iiiis", 52: "seiko_epson", 53: "seiko_epson_oem",
        54: "ifor_powell", 55: "maxwell_guider", 56: "star_trac", 57: "breakaway", 58: "alatech_technology_ltd",
        59: "mio_technology_europe", 60: "rotor", 61: "geonaute", 62: "id_bike", 63: "specialized",
        64: "wtek", 65: "physical_enterprises", 66: "north_pole_engineering", 67: "bkool", 68: "cateye",
        69: "stages_cycling", 70: "sigmasport", 71: "tomtom", 72: "peripedal", 73: "wattbike", 76: "moxy",
        77: "ciclosport", 78: "powerbahn", 79: "acorn_projects_aps", 80: "lifebeam", 81: "bontrager",
        82: "wellgo", 83: "scosche", 84: "magura", 85: "woodway", 86: "elite", 87: "nielsen_kellerman",
        88: "dk_city", 89: "tacx", 90: "direction_technology", 91: "magtonic", 92: "1partcarbon",
        93: "inside_ride_technologies", 94: "sound_of_motion", 95: "stryd", 96: "icg", 97: "MiPulse",
        98: "bsx_athletics", 99: "look", 100: "campagnolo_srl", 101: "body_bike_smart", 102: "praxisworks",
        103: "limits_technology", 104: "topaction_technology", 105: "cosinuss", 106: "fitcare", 107: "magene",
        108: "giant_manufacturing_co", 109: "tigrasport", 110: "salutron", 111: "technogym", 112: "bryton_sensors",
        113: "latitude_limited", 114: "soaring_technology", 115: "igpsport", 116: "thinkrider", 117: "gopher_sport",
        118: "waterrower", 119: "orangetheory", 120: "inpeak", 121: "kinetic", 122: "johnson_health_tech",
        123: "polar_electro", 124: "seesense", 125: "nci_technology", 126: "iqsquare", 127: "leomo",
        128: "ifit_com", 129: "coros_byte", 130: "versa_design", 131: "chileaf", 132: "cycplus",
        133: "gravaa_byte", 134: "sigeyi", 135: "coospo", 136: "geoid", 137: "bosch", 138: "kyto",
        139: "kinetic_sports", 140: "decathlon_byte", 141: "tq_systems", 142: "tag_heuer", 143: "keiser_fitness",
        144: "zwift_byte", 145: "porsche_ep", 146: "blackbird", 147: "meilan_byte", 148: "ezon", 149: "laisi",
        150: "myzone", 151: "abawo", 152: "bafang", 153: "luhong_technology",
        255: "development", 257: "healthandlife", 258: "lezyne", 259: "scribe_labs", 260: "zwift",
        261: "watteam", 262: "recon", 263: "favero_electronics", 264: "dynovelo", 265: "strava", 266: "precor",
        267: "bryton", 268: "sram", 269: "navman", 270: "cobi", 271: "spivi", 272: "mio_magellan", 273: "evesports",
        274: "sensitivus_gauge", 275: "podoon", 276: "life_time_fitness", 277: "falco_e_motors", 278: "minoura",
        279: "cycliq", 280: "luxottica", 281: "trainer_road", 282: "the_sufferfest", 283: "fullspeedahead",
        284: "virtualtraining", 285: "feedbacksports", 286: "omata", 287: "vdo", 288: "magneticdays",
        289: "hammerhead", 290: "kinetic_by_kurt", 291: "shapelog", 292: "dabuziduo", 293: "jetblack",
        294: "coros", 295: "virtugo", 296: "velosense", 297: "cycligentinc", 298: "trailforks", 299: "mahle_ebikemotion",
        300: "nurvv", 301: "microprogram", 302: "zone5cloud", 303: "greenteg", 304: "yamaha_motors", 305: "whoop",
        306: "gravaa", 307: "onelap", 308: "monark_exercise", 309: "form", 310: "decathlon", 311: "syncros",
        312: "heatup", 313: "cannondale", 314: "true_fitness", 315: "RGT_cycling", 316: "vasa", 317: "race_republic",
        318: "fazua", 319: "oreka_training", 320: "lsec", 321: "lululemon_studio", 322: "shanyue", 323: "spinning_mda",
        324: "hilldating", 325: "aero_sensor", 326: "nike", 327: "magicshine", 328: "ictrainer", 329: "absolute_cycling",
        330: "eo_swimbetter", 331: "mywhoosh", 332: "ravemen", 333: "tektro_racing_products", 334: "daradise_innovation",
        335: "cycloptim", 5759: "actigraphcorp",
    ]

    /// Our sport for a FIT sport and sub-sport.
    static func sport(_ sport: Int?, subSport: Int?) -> Sport {
        switch (sport, subSport) {
        case (1, 3): return .trailRun
        case (1, 1), (1, 45): return .virtualRun
        case (1, 58): return .virtualRun
        case (1, _): return .run
        case (2, 8), (2, 9): return .mountainBikeRide
        case (2, 46): return .gravelRide
        case (2, 6), (2, 58): return .virtualRide
        case (2, 28), (2, 47): return .eBikeRide
        case (2, _): return .ride
        case (21, _): return .eBikeRide
        case (5, _): return .swim
        case (11, _): return .walk
        case (17, _), (16, _): return .hike
        case (15, _): return .row
        case (19, _), (37, _), (41, _), (42, _), (38, _), (43, _), (44, _): return .paddle
        case (12, _): return .nordicSki
        case (13, 37): return .backcountrySki
        case (13, _), (14, _): return .alpineSki
        case (35, _): return .snowshoe
        case (10, 20), (4, 20): return .strength
        case (10, 43), (10, 19): return .yoga
        case (4, _), (10, _), (62, _): return .workout
        default: return .other
        }
    }
}

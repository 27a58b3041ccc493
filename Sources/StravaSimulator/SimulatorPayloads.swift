import AthletIQCore
import Foundation

/// Strava's JSON shapes (as in its API reference and the recorded payloads of stravalib),
/// built from the simulated data.
enum SimulatorPayloads {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func athlete(_ athlete: SimulatedAthlete, detailed: Bool, gear: Bool = false) -> [String: Any] {
        var json: [String: Any] = [
            "id": athlete.id, "resource_state": detailed ? 3 : 2, "username": "\(athlete.firstname.lowercased())\(athlete.id)",
            "firstname": athlete.firstname, "lastname": athlete.lastname, "bio": NSNull(), "city": "Annecy",
            "state": "Auvergne-Rhône-Alpes", "country": "France", "sex": "F", "premium": false, "summit": false,
            "created_at": "2015-03-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z", "badge_type_id": 0,
            "weight": NSNull(), "profile_medium": "avatar/athlete/medium.png", "profile": "avatar/athlete/large.png",
        ]
        if detailed { json["follower_count"] = 5; json["friend_count"] = 7; json["measurement_preference"] = "meters" }
        // The gear the activities name, plus an old pair of shoes retired on Strava.
        if detailed && gear {
            json["bikes"] = [["id": "b12345", "primary": true, "name": "Canyon Endurace", "resource_state": 2, "distance": 1_204_000.0, "retired": false]]
            json["shoes"] = [["id": "g67890", "primary": true, "name": "Hoka Speedgoat 5", "resource_state": 2, "distance": 412_000.0, "retired": false],
                             ["id": "g11111", "primary": false, "name": "Old Pegasus", "resource_state": 2, "distance": 910_000.0, "retired": true]]
        }
        return json
    }

    static func summary(_ activity: SimulatedActivity) -> [String: Any] {
        let moving = activity.manual ? activity.elapsedSeconds : Int(Double(activity.elapsedSeconds) * 0.97)
        let speed = moving > 0 ? activity.distance / Double(moving) : 0
        let ride = StravaSportTypes.sport(activity.sportType).family == .cycling
        var json: [String: Any] = [
            "resource_state": 2, "athlete": ["id": activity.athleteID, "resource_state": 1],
            "name": activity.name, "distance": activity.distance, "moving_time": moving,
            "elapsed_time": activity.elapsedSeconds, "total_elevation_gain": activity.elevationGain,
            "type": legacyType(activity.sportType), "sport_type": activity.sportType,
            "workout_type": activity.workoutType.map { $0 as Any } ?? NSNull(), "id": activity.id,
            "external_id": activity.manual ? NSNull() : "garmin_push_\(activity.id)", "upload_id": activity.manual ? NSNull() : activity.id * 3,
            "start_date": iso(activity.start), "start_date_local": iso(activity.start.addingTimeInterval(3600)),
            "timezone": "(GMT+01:00) Europe/Paris", "utc_offset": 3600,
            "location_city": NSNull(), "location_state": NSNull(), "location_country": "France",
            "achievement_count": 0, "kudos_count": 2, "comment_count": 0, "athlete_count": 1, "photo_count": 0,
            "map": ["id": "a\(activity.id)", "summary_polyline": activity.manual ? NSNull() : "_p~iF~ps|U_ulLnnqC_mqNvxq`@", "resource_state": 2],
            "trainer": false, "commute": false, "manual": activity.manual, "private": activity.isPrivate,
            "visibility": activity.isPrivate ? "only_me" : "everyone", "flagged": false,
            "gear_id": ride ? "b12345" : "g67890", "from_accepted_tag": false,
            "average_speed": (speed * 1000).rounded() / 1000, "max_speed": (speed * 1.6 * 10).rounded() / 10,
            "has_heartrate": !activity.manual, "heartrate_opt_out": false, "display_hide_heartrate_option": true,
            "elev_high": 650.4, "elev_low": 420.1, "pr_count": 0, "total_photo_count": 0, "has_kudoed": false,
        ]
        if activity.manual {
            json["start_latlng"] = []
            json["end_latlng"] = []
        } else {
            json["start_latlng"] = [45.8992, 6.1294]
            json["end_latlng"] = [45.9012, 6.1301]
            json["average_heartrate"] = 142.3
            json["max_heartrate"] = 171.0
            json["average_cadence"] = ride ? 86.2 : 84.1
            if ride {
                json["average_watts"] = 192.4
                json["weighted_average_watts"] = 205
                json["kilojoules"] = 692.6
                json["device_watts"] = true
                json["max_watts"] = 612
            }
        }
        return json
    }

    static func detail(_ activity: SimulatedActivity) -> [String: Any] {
        var json = summary(activity)
        let ride = StravaSportTypes.sport(activity.sportType).family == .cycling
        json["resource_state"] = 3
        json["description"] = activity.description.map { $0 as Any } ?? NSNull()
        json["calories"] = (activity.distance / 1000 * (ride ? 25 : 62)).rounded()
        json["device_name"] = activity.manual ? NSNull() : (ride ? "Garmin Edge 830" : "Garmin Forerunner 955")
        json["embed_token"] = "e\(activity.id)"
        json["gear"] = ["id": ride ? "b12345" : "g67890", "primary": true, "name": ride ? "Canyon Endurace" : "Hoka Speedgoat 5",
                        "resource_state": 2, "distance": 1_234_567.0]
        json["segment_efforts"] = []
        json["photos"] = ["primary": NSNull(), "count": 0]
        json["hide_from_home"] = false
        if activity.manual {
            json["laps"] = []
            return json
        }
        // One lap per 5 km (or per 20 km on a bike), as a watch's auto-lap records them.
        let lapLength = ride ? 20_000.0 : 5_000.0
        let lapCount = max(1, Int((activity.distance / lapLength).rounded(.up)))
        let secondsPerLap = activity.elapsedSeconds / lapCount
        json["laps"] = (0..<lapCount).map { index -> [String: Any] in
            let distance = min(lapLength, activity.distance - Double(index) * lapLength)
            return [
                "id": activity.id * 100 + Int64(index), "resource_state": 2, "name": "Lap \(index + 1)",
                "activity": ["id": activity.id, "resource_state": 1], "athlete": ["id": activity.athleteID, "resource_state": 1],
                "elapsed_time": secondsPerLap, "moving_time": secondsPerLap, "start_date": iso(activity.start.addingTimeInterval(Double(index * secondsPerLap))),
                "start_date_local": iso(activity.start.addingTimeInterval(Double(index * secondsPerLap + 3600))),
                "distance": distance, "start_index": index * secondsPerLap, "end_index": (index + 1) * secondsPerLap - 1,
                "total_elevation_gain": activity.elevationGain / Double(lapCount),
                "average_speed": distance / Double(max(1, secondsPerLap)), "max_speed": distance / Double(max(1, secondsPerLap)) * 1.4,
                "average_cadence": ride ? 86.2 : 84.1, "device_watts": ride, "average_watts": ride ? 192.4 : NSNull(),
                "average_heartrate": 142.3, "max_heartrate": 168.0, "lap_index": index + 1, "split": index + 1,
            ]
        }
        json["splits_metric"] = []
        return json
    }

    /// The streams of `activity` (generated), keyed by type or as a list, for the asked keys.
    static func streams(_ activity: SimulatedActivity, keys: [String], keyByType: Bool) -> Any {
        let sport = StravaSportTypes.sport(activity.sportType)
        let generated = SyntheticActivity.make(seed: activity.seed, start: activity.start, seconds: activity.elapsedSeconds, sport: sport)
        let samples = generated.samples
        let base = activity.start.timeIntervalSince1970
        func column(_ channel: SampleSeries.Channel, _ transform: (Double) -> Any) -> [Any]? {
            samples[channel].map { $0.map { $0.isNaN ? NSNull() : transform($0) } }
        }
        func round(_ digits: Double) -> (Double) -> Any { { ($0 * digits).rounded() / digits } }
        var all: [String: [Any]] = [:]
        all["time"] = column(.time) { Int(($0 - base).rounded()) }
        if let lat = samples[.latitude], let lon = samples[.longitude] {
            all["latlng"] = zip(lat, lon).map { [($0 * 1e6).rounded() / 1e6, ($1 * 1e6).rounded() / 1e6] }
        }
        all["distance"] = column(.distance, round(10))
        all["altitude"] = column(.altitude, round(10))
        all["velocity_smooth"] = column(.speed, round(1000))
        all["heartrate"] = column(.heartRate) { Int($0) }
        all["cadence"] = column(.cadence) { Int($0) }
        all["watts"] = column(.power) { Int($0) }
        all["temp"] = samples.count > 0 ? Array(repeating: 18, count: samples.count) : nil
        if let speed = samples[.speed] { all["moving"] = speed.map { $0 > 0.8 } }
        if let altitude = samples[.altitude], let distance = samples[.distance] {
            all["grade_smooth"] = (0..<altitude.count).map { index -> Double in
                let previous = max(0, index - 10)
                let run = distance[index] - distance[previous]
                return run > 1 ? ((altitude[index] - altitude[previous]) / run * 1000).rounded() / 10 : 0
            }
        }
        var wanted = Set(keys.isEmpty ? ["time", "distance"] : keys)
        wanted.insert("distance")  // Strava always includes the series type
        var keyed: [String: Any] = [:]
        var list: [[String: Any]] = []
        for key in ["time", "latlng", "distance", "altitude", "velocity_smooth", "heartrate", "cadence", "watts", "temp", "moving", "grade_smooth"]
        where wanted.contains(key) {
            guard let data = all[key] else { continue }
            let stream: [String: Any] = ["data": data, "series_type": "distance", "original_size": data.count, "resolution": "high"]
            keyed[key] = stream
            var typed = stream
            typed["type"] = key
            list.append(typed)
        }
        return keyByType ? keyed : list
    }

    static func legacyType(_ sportType: String) -> String {
        switch sportType {
        case "TrailRun", "VirtualRun": return sportType == "VirtualRun" ? "VirtualRun" : "Run"
        case "MountainBikeRide", "GravelRide", "EMountainBikeRide": return "Ride"
        default: return sportType
        }
    }

    static func fault(_ message: String, resource: String, field: String, code: String) -> [String: Any] {
        ["message": message, "errors": [["resource": resource, "field": field, "code": code]]]
    }
}

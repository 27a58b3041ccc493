@testable import AthletIQCore
import Foundation
import Testing

/// Every FIT fixture against what the FIT SDK and fitdecode report about it.
@Suite struct FITOracleTests {
    nonisolated(unsafe) static let oracle: [[String: Any]] = (try? Fixtures.oracle("oracle-fit.json")) ?? []
    static var files: [String] { oracle.compactMap { $0["file"] as? String } }

    static func entry(_ file: String) -> [String: Any] {
        oracle.first { $0["file"] as? String == file } ?? [:]
    }

    /// Where we differ from the FIT SDK on purpose, and why.
    /// Where we knowingly report otherwise than the FIT SDK (none: like the SDK, we merge a
    /// strap's `hr` messages into the records, 1773 with heart rate where the records carry 1430).
    static let knownDifferences: [String: [String: Int]] = [:]

    @Test func oracleIsLoaded() {
        #expect(Self.oracle.count == 30)
    }

    @Test(arguments: files)
    func decodesOrIsRejectedAsTheOracleSays(file: String) throws {
        let entry = Self.entry(file)
        let data = try Fixtures.data("fit/\(file)")
        let fitdecode = entry["fitdecode"] as? [String: Any] ?? [:]
        let expectError = fitdecode["ok"] as? Bool == false
        if expectError {
            #expect(throws: FileDecodeError.self, "\(file) should be rejected") { try FITDecoder(options: .strict).decode(data) }
            do {
                _ = try FITDecoder(options: .strict).decode(data)
            } catch let error as FileDecodeError {
                #expect(error.offset != nil, "\(file): the error says where")
                if let reported = (fitdecode["error"] as? String)?.split(separator: "@").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                   let offset = error.offset {
                    #expect(abs(reported - offset) <= 16, "\(file): fault at \(offset), fitdecode says \(reported)")
                }
            }
            // Leniently, what was read before the fault comes back with a warning.
            let partial = try FITDecoder(options: .lenient).decode(data)
            #expect(partial.samples.count == entry["record_count"] as? Int, "\(file) partial records")
            #expect(!partial.warnings.isEmpty)
            return
        }
        let activity = try FITDecoder(options: .strict).decode(data)
        try compare(activity, with: entry, file: file)
    }

    func compare(_ activity: DecodedActivity, with entry: [String: Any], file: String) throws {
        #expect(activity.samples.count == entry["record_count"] as? Int, "\(file) records")
        #expect(activity.laps.count == entry["lap_count"] as? Int, "\(file) laps")
        #expect(activity.sessions.count == entry["session_count"] as? Int, "\(file) sessions")
        #expect(activity.details["file_type"] == entry["file_type"] as? String, "\(file) file type")
        if let with = entry["records_with"] as? [String: Int] {
            let channels: [(String, SampleSeries.Channel)] = [("heart_rate", .heartRate), ("cadence", .cadence), ("power", .power),
                                                              ("altitude", .altitude), ("speed", .speed), ("distance", .distance),
                                                              ("position", .latitude)]
            for (name, channel) in channels {
                let expected = Self.knownDifferences[file]?[name] ?? with[name]
                #expect(activity.samples.valueCount(channel) == expected, "\(file) records with \(name)")
            }
        }
        let relative = entry["timestamps_relative"] as? Bool == true
        if let first = Fixtures.date(entry["first_record_timestamp"]) {
            let time = try #require(activity.samples[.time]?.first { !$0.isNaN })
            #expect(abs(time - first.timeIntervalSince1970) < 0.5, "\(file) first timestamp")
        } else if relative {
            #expect(activity.warnings.contains { $0.message.contains("relative") })
        }
        if let sample = entry["first_record_sample"] as? [String: Any], !relative {
            let pairs: [(String, SampleSeries.Channel, Double)] = [("position_lat_deg", .latitude, 1e-5), ("position_long_deg", .longitude, 1e-5),
                                                                   ("heart_rate", .heartRate, 0),
                                                                   // We add fractional_cadence (field 53); the references report it apart.
                                                                   ("cadence", .cadence, 0.99), ("power", .power, 0),
                                                                   ("altitude", .altitude, 0.01), ("speed", .speed, 0.001), ("distance", .distance, 0.01)]
            for (key, channel, tolerance) in pairs {
                let expected = sample[key] as? Double
                let actual = activity.samples.value(channel, at: 0)
                if let expected {
                    #expect(actual.map { abs($0 - expected) <= tolerance + 1e-9 } == true, "\(file) first \(key): \(String(describing: actual)) vs \(expected)")
                } else {
                    #expect(actual == nil, "\(file) first \(key) should be absent")
                }
            }
        }
        let sessions = entry["sessions"] as? [[String: Any]] ?? []
        for (index, expected) in sessions.enumerated() where index < activity.sessions.count {
            let session = activity.sessions[index]
            func check(_ key: String, _ actual: Double?, tolerance: Double) {
                guard let value = expected[key] as? Double else { return }
                #expect(actual.map { abs($0 - value) <= tolerance } == true, "\(file) session \(index) \(key): \(String(describing: actual)) vs \(value)")
            }
            check("total_elapsed_time", session.elapsedTime, tolerance: 0.01)
            check("total_timer_time", session.timerTime, tolerance: 0.01)
            check("total_distance", session.distance, tolerance: 0.01)
            check("total_ascent", session.ascent, tolerance: 0)
            check("total_descent", session.descent, tolerance: 0)
            check("avg_heart_rate", session.averageHeartRate, tolerance: 0)
            check("max_heart_rate", session.maxHeartRate, tolerance: 0)
            check("enhanced_avg_speed", session.averageSpeed, tolerance: 0.001)
            check("total_calories", session.calories, tolerance: 0)
            if let start = Fixtures.date(expected["start_time"]) {
                #expect(session.startTime == start, "\(file) session \(index) start")
            }
        }
        if let ids = entry["file_ids"] as? [[String: Any]], let first = ids.first, let manufacturer = first["manufacturer"] as? String {
            #expect(activity.device?.manufacturer == manufacturer, "\(file) manufacturer")
        }
    }

    @Test func sportsAreMapped() throws {
        let run = try FITDecoder().decode(try Fixtures.data("fit/fitparse-2013-02-06-12-11-14.fit"))
        #expect(run.sport == .run)
        #expect(run.sportName == "running")
        let bike = try FITDecoder().decode(try Fixtures.data("fit/fitparse-garmin-fenix-5-bike.fit"))
        #expect(bike.sport.family == .cycling)
    }
}

@testable import AthletIQCore
import Foundation
import Testing

/// Every TCX fixture against the XML counts and tcxreader.
@Suite struct TCXOracleTests {
    nonisolated(unsafe) static let oracle: [[String: Any]] = (try? Fixtures.oracle("oracle-tcx.json")) ?? []
    static var files: [String] { oracle.compactMap { $0["file"] as? String } }

    @Test(arguments: files)
    func matchesTcxreader(file: String) throws {
        let entry = try #require(Self.oracle.first { $0["file"] as? String == file })
        let counts = entry["xml_counts"] as? [String: Any] ?? [:]
        let reader = entry["tcxreader"] as? [String: Any] ?? [:]
        let activity = try TCXDecoder().decode(try Fixtures.data("tcx/\(file)"))
        #expect(activity.laps.count == counts["laps"] as? Int, "\(file) laps")
        #expect(activity.samples.count == counts["trackpoints"] as? Int, "\(file) trackpoints")
        #expect(activity.samples.valueCount(.latitude) == counts["trackpoints_with_position"] as? Int, "\(file) with position")
        #expect(activity.samples.valueCount(.heartRate) == counts["trackpoints_with_hr"] as? Int, "\(file) with heart rate")
        #expect(activity.sportName == reader["sport"] as? String)
        let summary = activity.summary
        if let distance = counts["lap_distance_m"] as? Double {
            #expect(abs((summary.distance ?? 0) - distance) < 0.01, "\(file) distance")
        }
        if let time = counts["lap_total_time_s"] as? Double {
            #expect(abs((summary.timerTime ?? 0) - time) < 0.01, "\(file) timer time")
        }
        if let duration = reader["duration_s"] as? Double {
            // tcxreader's duration is last minus first trackpoint; ours runs from the activity start.
            #expect(abs((summary.elapsedTime ?? 0) - duration) <= 1, "\(file) elapsed \(summary.elapsedTime ?? 0) vs \(duration)")
        }
        // We start at the activity's <Id> (the standard start); tcxreader at the first trackpoint.
        if let start = Fixtures.date(reader["start_time"]), let ours = summary.startTime {
            #expect(abs(ours.timeIntervalSince(start)) <= 1, "\(file) start")
        }
        if let average = reader["hr_avg"] as? Double {
            #expect(abs((summary.averageHeartRate ?? 0) - average) < 0.01, "\(file) average heart rate")
        }
        if let maximum = reader["hr_max"] as? Double {
            #expect(summary.maxHeartRate == maximum, "\(file) max heart rate")
        }
        if let ascent = reader["ascent_m"] as? Double {
            // tcxreader sums every rise, jitter included; we smooth first (see ElevationGain), so we
            // climb less: 217 m instead of 345 m on the noisy 2009 GPS altitudes of stravalib-sample.tcx.
            let ours = summary.ascent ?? -1
            #expect(ours <= ascent + 0.01 && ours >= ascent * 0.6 - 1, "\(file) ascent \(ours) vs \(ascent)")
        }
    }

    @Test func readsPowerAndSpeedFromTheActivityExtension() throws {
        let tcx = """
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
              <Activities><Activity Sport="Biking"><Id>2024-05-01T06:00:00Z</Id>
                <Lap StartTime="2024-05-01T06:00:00Z"><TotalTimeSeconds>10</TotalTimeSeconds><DistanceMeters>80</DistanceMeters><Calories>5</Calories>
                  <Track><Trackpoint><Time>2024-05-01T06:00:00Z</Time><Cadence>85</Cadence>
                    <Extensions><ns3:TPX><ns3:Speed>8.1</ns3:Speed><ns3:Watts>231</ns3:Watts></ns3:TPX></Extensions></Trackpoint>
                  <Trackpoint><Time>2024-05-01T06:00:10Z</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint></Track>
                </Lap></Activity></Activities></TrainingCenterDatabase>
            """
        let activity = try TCXDecoder().decode(Data(tcx.utf8))
        #expect(activity.sport == .ride)
        #expect(activity.samples.value(.power, at: 0) == 231)
        #expect(activity.samples.value(.speed, at: 0) == 8.1)
        #expect(activity.samples.value(.cadence, at: 0) == 85)
        #expect(activity.samples.value(.heartRate, at: 1) == 140)
        #expect(activity.summary.averageSpeed == 8)
        #expect(throws: FileDecodeError.self) { try TCXDecoder().decode(Data("<gpx></gpx>".utf8)) }
    }
}

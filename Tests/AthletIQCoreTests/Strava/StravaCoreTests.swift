@testable import AthletIQCore
import Foundation
import Testing

@Suite struct StravaCoreTests {
    @Test func everyDocumentedSportTypeMapsToADeliberateSport() {
        // Strava's documented sport_type values (developers.strava.com, SportType).
        let documented = ["AlpineSki", "BackcountrySki", "Badminton", "Canoeing", "Crossfit", "EBikeRide", "Elliptical",
                          "EMountainBikeRide", "Golf", "GravelRide", "Handcycle", "HighIntensityIntervalTraining", "Hike",
                          "IceSkate", "InlineSkate", "Kayaking", "Kitesurf", "MountainBikeRide", "NordicSki", "Pickleball",
                          "Pilates", "Racquetball", "Ride", "RockClimbing", "RollerSki", "Rowing", "Run", "Sail", "Skateboard",
                          "Snowboard", "Snowshoe", "Soccer", "Squash", "StairStepper", "StandUpPaddling", "Surfing", "Swim",
                          "TableTennis", "Tennis", "TrailRun", "Velomobile", "VirtualRide", "VirtualRow", "VirtualRun", "Walk",
                          "WeightTraining", "Wheelchair", "Windsurf", "Workout", "Yoga"]
        for name in documented {
            #expect(StravaSportTypes.mapping[name] != nil, "\(name) has no explicit mapping")
        }
        #expect(StravaSportTypes.sport("TrailRun") == .trailRun)
        #expect(StravaSportTypes.sport("EMountainBikeRide") == .eBikeRide)
        #expect(StravaSportTypes.sport("VirtualRow") == .row)
        #expect(StravaSportTypes.sport("SomethingNew") == .other)
        // Round trip for every sport of ours except the catch-all.
        for sport in Sport.allCases where sport != .other {
            #expect(StravaSportTypes.sport(StravaSportTypes.stravaName(sport)) == sport)
        }
    }

    @Test func windowsAlignOnQuarterHoursAndUTCDays() {
        let date = ISO8601DateFormatter().date(from: "2026-12-02T14:37:12Z")!
        #expect(StravaRateWindows.nextShortReset(after: date) == ISO8601DateFormatter().date(from: "2026-12-02T14:45:00Z"))
        #expect(StravaRateWindows.nextDayReset(after: date) == ISO8601DateFormatter().date(from: "2026-12-03T00:00:00Z"))
        #expect(StravaRateWindows.shortStart(date) == Int64(ISO8601DateFormatter().date(from: "2026-12-02T14:30:00Z")!.timeIntervalSince1970))
        let exact = ISO8601DateFormatter().date(from: "2026-12-02T14:45:00Z")!
        #expect(StravaRateWindows.nextShortReset(after: exact) == ISO8601DateFormatter().date(from: "2026-12-02T15:00:00Z"))
        #expect(StravaRateWindows.shortStart(Date(timeIntervalSince1970: .infinity)) == 0)
    }

    @Test func limitHeadersParseAndRefuseGarbage() {
        #expect(StravaLimitPair(header: "100,1000") == StravaLimitPair(short: 100, daily: 1000))
        #expect(StravaLimitPair(header: " 30 , 280 ") == StravaLimitPair(short: 30, daily: 280))
        for bad in ["", "100", "a,b", "1,2,3", "-1,5", "99999999999999999999,1", nil] as [String?] {
            #expect(StravaLimitPair(header: bad) == nil)
        }
    }

    @Test func streamsFromTheRecordedListPayload() throws {
        // Strava's reference example: a list (key_by_type=false) with one distance stream.
        let data = try Fixtures.data("strava-json/stravalib-swagger-example-getActivityStreams-200.json")
        let streams = try StravaStreams(json: data)
        #expect(streams.numbers["distance"]?.count == 12)
        #expect(streams.numbers["distance"]?.first == 2.9)
        // No time stream: no samples can be placed in time.
        #expect(streams.series(start: Date()).count == 0)
    }

    @Test func keyedStreamsBecomeSamples() throws {
        let json = """
            {"time":{"data":[0,1,3],"series_type":"distance","original_size":3,"resolution":"high"},
             "latlng":{"data":[[45.1,6.1],[45.1001,6.1001],[45.1002,6.1002]]},
             "distance":{"data":[0.0,3.1,9.4]}, "altitude":{"data":[400.5,401.0,401.2]},
             "velocity_smooth":{"data":[0,3.1,3.15]}, "heartrate":{"data":[120,125,131]},
             "cadence":{"data":[80,82,84]}, "temp":{"data":[18,18,19]}, "moving":{"data":[false,true,true]},
             "grade_smooth":{"data":[0,1.5,2.1]}, "unknown":{"data":["x"]}}
            """
        let streams = try StravaStreams(json: Data(json.utf8))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let series = streams.series(start: start)
        #expect(series.count == 3)
        #expect(series.value(.time, at: 2) == 1_700_000_003)
        #expect(series.value(.latitude, at: 1) == 45.1001)
        #expect(series.value(.heartRate, at: 2) == 131)
        #expect(series.value(.moving, at: 0) == 0)
        #expect(series.value(.moving, at: 1) == 1)
        #expect(series.value(.grade, at: 2) == 2.1)
        #expect(series.has(.power) == false)
        // The extra channels survive storage.
        let stored = try SampleCodec.decode(try SampleCodec.encode(series))
        #expect(stored.value(.grade, at: 2) == 2.1)
        #expect(stored.value(.moving, at: 1) == 1)
    }

    @Test func malformedStreamsAreTypedErrors() {
        for bad in ["not json", "42", #"{"latlng":{"data":[[1]]}}"#, #"{"latlng":{"data":[[91,0]]}}"#, #"{"time":{"nodata":1}}"#] {
            #expect(throws: FileDecodeError.self) { try StravaStreams(json: Data(bad.utf8)) }
        }
    }
}

@testable import AthletIQCore
import Foundation
import Testing

/// Every GPX fixture against what gpxpy reports about it.
@Suite struct GPXOracleTests {
    nonisolated(unsafe) static let oracle: [[String: Any]] = (try? Fixtures.oracle("oracle-gpx.json")) ?? []
    static var files: [String] { oracle.compactMap { $0["file"] as? String } }

    @Test(arguments: files)
    func matchesGpxpy(file: String) throws {
        let entry = try #require(Self.oracle.first { $0["file"] as? String == file })
        let activity = try GPXDecoder().decode(try Fixtures.data("gpx/\(file)"))
        let details = activity.details
        #expect(details["tracks"] == String(entry["tracks"] as? Int ?? -1), "\(file) tracks")
        #expect(details["segments"] == String(entry["segments"] as? Int ?? -1), "\(file) segments")
        #expect(details["track_points"] == String(entry["track_points"] as? Int ?? -1), "\(file) track points")
        #expect(details["routes"] == String(entry["routes"] as? Int ?? -1), "\(file) routes")
        #expect(details["route_points"] == String(entry["route_points"] as? Int ?? -1), "\(file) route points")
        #expect(details["waypoints"] == String(entry["waypoints"] as? Int ?? -1), "\(file) waypoints")
        if let version = entry["version"] as? String { #expect(details["version"] == version, "\(file) version") }

        let trackPoints = entry["track_points"] as? Int ?? 0
        guard trackPoints > 0 else { return }
        #expect(activity.samples.valueCount(.time) == entry["points_with_time"] as? Int, "\(file) points with time")
        #expect(activity.samples.valueCount(.altitude) == entry["points_with_elevation"] as? Int, "\(file) points with elevation")
        #expect(activity.samples.valueCount(.heartRate) == entry["track_points_with_heart_rate"] as? Int, "\(file) points with heart rate")
        let summary = activity.summary
        if let length = entry["length_2d_m"] as? Double, length > 0 {
            // gpxpy measures with an equirectangular approximation; we use the haversine formula.
            let distance = try #require(summary.distance)
            #expect(abs(distance - length) <= max(1, length * 0.005), "\(file) distance \(distance) vs \(length)")
        }
        if let uphill = entry["uphill_m"] as? Double, activity.samples.has(.altitude) {
            // Same smoothing as gpxpy (0.3/0.4/0.3 over neighbours, within each segment).
            #expect(abs((summary.ascent ?? -1) - uphill) <= 0.01 + uphill * 0.001, "\(file) ascent \(summary.ascent ?? -1) vs \(uphill)")
            let downhill = entry["downhill_m"] as? Double ?? 0
            #expect(abs((summary.descent ?? -1) - downhill) <= 0.01 + downhill * 0.001, "\(file) descent")
        }
        if let start = Fixtures.date(entry["start_time"]) {
            #expect(summary.startTime == start, "\(file) start \(String(describing: summary.startTime))")
        }
        if let first = entry["first_track_point"] as? [String: Any] {
            #expect(abs((activity.samples.value(.latitude, at: 0) ?? 0) - (first["lat"] as? Double ?? 1)) < 1e-6)
            #expect(abs((activity.samples.value(.longitude, at: 0) ?? 0) - (first["lon"] as? Double ?? 1)) < 1e-6)
            if let ele = first["ele"] as? Double { #expect(abs((activity.samples.value(.altitude, at: 0) ?? -1e9) - ele) < 1e-3) }
        }
    }

    @Test func readsGarminHeartRateAndPowerExtensions() throws {
        let gpx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
                 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
              <trk><name>Morning &amp; run</name><type>running</type><trkseg>
                <trkpt lat="45.0" lon="6.0"><ele>1000.5</ele><time>2024-05-01T06:00:00Z</time>
                  <extensions><power>250</power><gpxtpx:TrackPointExtension><gpxtpx:hr>142</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad><gpxtpx:atemp>12.5</gpxtpx:atemp></gpxtpx:TrackPointExtension></extensions></trkpt>
                <trkpt lat="45.001" lon="6.0"><ele>1002</ele><time>2024-05-01T06:00:10.5+00:00</time>
                  <extensions><hr>150</hr><cadence>90</cadence></extensions></trkpt>
              </trkseg></trk></gpx>
            """
        let activity = try GPXDecoder().decode(Data(gpx.utf8))
        #expect(activity.name == "Morning & run")
        #expect(activity.sport == .run)
        #expect(activity.samples[.heartRate] == [142, 150])
        #expect(activity.samples[.cadence] == [88, 90])
        #expect(activity.samples.value(.power, at: 0) == 250)
        #expect(activity.samples.value(.temperature, at: 0) == 12.5)
        #expect(activity.samples[.time] == [1_714_543_200, 1_714_543_210.5])
        #expect(abs((activity.summary.distance ?? 0) - 111.2) < 0.5)
    }

    @Test func rejectsWhatIsNotGPX() {
        #expect(throws: FileDecodeError.self) { try GPXDecoder().decode(Data("<html><body>hi</body></html>".utf8)) }
        #expect(throws: FileDecodeError.self) { try GPXDecoder().decode(Data("<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\">".utf8)) }
        #expect(throws: FileDecodeError.self) { try GPXDecoder().decode(Data("<gpx><trkpt lat=\"x\" lon=\"2\"/></gpx>".utf8)) }
        #expect(throws: FileDecodeError.self) { try GPXDecoder().decode(Data("<gpx><a></b></gpx>".utf8)) }
        #expect(throws: FileDecodeError.self) { try GPXDecoder().decode(Data()) }
    }

    @Test func numbersAndDatesParseLikeFoundation() {
        for text in ["0", "-12.5", "45.772175", "14.357659", "+3", "1e3", "0.000001", "123456789.123456", "1234567890123456789"] {
            let bytes = Array(text.utf8)
            #expect(FastNumber.parse(bytes, 0..<bytes.count) == Double(text), "\(text)")
        }
        for text in ["", "-", ".", "abc", "1.2.3"] {
            let bytes = Array(text.utf8)
            #expect(FastNumber.parse(bytes, 0..<bytes.count) == Double(text), "\(text)")
        }
        let date = Array("2010-08-05T14:23:59Z".utf8)
        #expect(FastDate.parse(date, 0..<date.count) == 1_281_018_239)
        let offset = Array("2010-08-05T16:23:59.250+02:00".utf8)
        #expect(FastDate.parse(offset, 0..<offset.count) == 1_281_018_239.25)
        let bad = Array("2010-13-05T16:23:59Z".utf8)
        #expect(FastDate.parse(bad, 0..<bad.count) == nil)
    }
}

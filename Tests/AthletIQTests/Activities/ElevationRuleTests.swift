@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// One activity has one elevation gain: the row, the analysis and the statistics agree.
@Suite struct ElevationRuleTests {
    /// A watch's barometric total wins over what the (noisier) samples would give.
    @Test func theDevicesTotalIsTheActivitysGainEverywhere() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var run = SyntheticActivity.make(seed: 4, start: Date(timeIntervalSince1970: 1_700_000_000), seconds: 3600)
            let computed = ElevationGain.gainAndLoss(run.samples[.altitude] ?? []).gain
            #expect(computed > 100, "the samples climb \(computed) m")
            run.sessions[0].ascent = 64
            run.sessions[0].descent = 61
            let (status, body) = try await TestFiles.upload(app, user, [("hilly.fit", FITEncoder().encode(run))])
            #expect(status == .created, "\(body)")
            let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
            let (row, analysis) = try await Self.gains(app, user, id)
            #expect(row.ascent == 64 && row.descent == 61, "\(row)")
            #expect(analysis.ascent == 64 && analysis.descent == 61, "\(analysis)")
            try await app.testing().test(.GET, "api/v1/analytics/stats?group=year", headers: user.bearer) { res async throws in
                let text = res.body.string
                #expect(text.contains("\"elevation_gain\":64"), "\(text.prefix(400))")
            }
        }
    }

    /// A GPX without totals: the gain is the smoothed one, summed segment by segment (a pause that
    /// jumps 400 m up between two segments, a lift, is no climb), in the row and the analysis alike.
    @Test func aGPXWithoutTotalsClimbsSegmentBySegment() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let formatter = ISO8601DateFormatter()
            var text = "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Lift</name><type>hiking</type>"
            for (segment, base) in [(0, 100.0), (1, 500.0)] {
                text += "<trkseg>"
                for second in 0..<600 {
                    let time = Date(timeIntervalSince1970: 1_700_000_000 + Double(segment * 1200 + second))
                    // A gentle 30 m climb in each segment.
                    let altitude = base + Double(second) * 0.05
                    text += "<trkpt lat=\"\(45.0 + Double(segment * 600 + second) * 0.00001)\" lon=\"6.0\"><ele>\(altitude)</ele>"
                        + "<time>\(formatter.string(from: time))</time></trkpt>"
                }
                text += "</trkseg>"
            }
            text += "</trk></gpx>"
            let (status, body) = try await TestFiles.upload(app, user, [("lift.gpx", Data(text.utf8))])
            #expect(status == .created, "\(body)")
            let id = try #require((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String)
            let (row, analysis) = try await Self.gains(app, user, id)
            let gain = try #require(row.ascent)
            #expect(abs(gain - 59.9) < 1, "two climbs of 30 m, not 430 m: \(gain)")
            #expect(analysis.ascent == row.ascent, "\(analysis) \(row)")
        }
    }

    /// The activity's and its analysis' (ascent, descent).
    static func gains(_ app: Application, _ user: SignedInUser, _ id: String) async throws
        -> (row: (ascent: Double?, descent: Double?), analysis: (ascent: Double?, descent: Double?)) {
        var row: (Double?, Double?) = (nil, nil)
        var analysis: (Double?, Double?) = (nil, nil)
        try await app.testing().test(.GET, "api/v1/activities/\(id)", headers: user.bearer) { res async throws in
            let json = try res.json()
            row = (json["ascent"] as? Double, json["descent"] as? Double)
        }
        try await app.testing().test(.GET, "api/v1/activities/\(id)/analysis", headers: user.bearer) { res async throws in
            let json = try res.json()["analysis"] as? [String: Any] ?? [:]
            analysis = (json["ascent"] as? Double, json["descent"] as? Double)
        }
        return (row, analysis)
    }
}

@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Duration curves over the API and on their page: each point the best of the period and
/// linked to its activity, periods compared, the model's FTP adopted into the profile, and
/// nothing left of a deleted activity.
@Suite struct DurationCurveAPITests {
    /// A one-hour ride at 150 W with all-out efforts of the critical-power model (CP 250 W,
    /// W′ 20 kJ) at 3, 7 and 12 minutes, `boost` watts harder, `daysAgo` days ago.
    func ride(daysAgo: Double, boost: Double, seed: UInt64, now: Date) -> Data {
        var activity = SyntheticActivity.make(seed: seed, start: now.addingTimeInterval(-daysAgo * 86_400), seconds: 3600, sport: .ride)
        var power = [Double](repeating: 150, count: activity.samples.count)
        for (start, seconds) in [(300, 180), (1100, 420), (2200, 720)] {
            for second in start..<(start + seconds) { power[second] = (250 + 20_000 / Double(seconds) + boost).rounded() }
        }
        var columns: [SampleSeries.Channel: [Double]] = [:]
        for channel in SampleSeries.Channel.allCases { if let values = activity.samples[channel] { columns[channel] = values } }
        columns[.power] = power
        activity.samples = SampleSeries(count: activity.samples.count, columns: columns)
        return FITEncoder().encode(activity)
    }

    func get(_ app: Application, _ user: SignedInUser, _ path: String) async throws -> (HTTPStatus, [String: Any]) {
        var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
        try await app.testing().test(.GET, path, headers: user.bearer) { res async in
            result = (res.status, (try? JSONSerialization.jsonObject(with: Data(buffer: res.body))) as? [String: Any] ?? [:])
        }
        return result
    }

    func value(_ points: Any?, at x: Double) -> (value: Double, activity: String)? {
        guard let point = (points as? [[String: Any]])?.first(where: { $0["x"] as? Double == x }) else { return nil }
        return (point["value"] as? Double ?? 0, point["activity_id"] as? String ?? "")
    }

    @Test func curvesOfPeriodsModelAndAdoption() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let now = app.clock.now()
            var ids: [String] = []
            for (index, (days, boost)) in [(20.0, 0.0), (200.0, 30.0)].enumerated() {
                let (status, body) = try await TestFiles.upload(app, user, [("ride\(index).fit", ride(daysAgo: days, boost: boost, seed: UInt64(70 + index), now: now))])
                #expect(status == .created, "\(body)")
                ids.append((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String ?? "")
            }
            let (recent, old) = (ids[0], ids[1])

            // All time: the older, harder ride holds the 3-minute point; every point links to its ride.
            let (status, all) = try await get(app, user, "api/v1/analytics/curves")
            #expect(status == .ok)
            #expect(all["kind"] as? String == "power" && all["family"] as? String == "cycling" && all["unit"] as? String == "W")
            let threeMinutes = try #require(value(all["points"], at: 180))
            #expect(threeMinutes.value == (250 + 20_000 / 180.0 + 30).rounded() && threeMinutes.activity == old, "\(all)")
            #expect(try #require(value(all["points"], at: 1)).value >= threeMinutes.value)
            #expect(value(all["points"], at: 5400) == nil, "nothing longer than the rides")

            // The last 90 days, with the 90 before laid over: each from its own ride.
            let from = ISO8601DateFormatter().string(from: now.addingTimeInterval(-90 * 86_400))
            let before = ISO8601DateFormatter().string(from: now.addingTimeInterval(-365 * 86_400))
            let (_, period) = try await get(app, user, "api/v1/analytics/curves?from=\(from)&compare_from=\(before)&compare_to=\(from)")
            #expect(try #require(value(period["points"], at: 180)).activity == recent)
            #expect(try #require(value(period["points"], at: 180)).value == (250 + 20_000 / 180.0).rounded())
            #expect(try #require(value(period["compare"], at: 180)).activity == old)
            let model = try #require(period["model"] as? [String: Any])
            let critical = try #require(model["critical"] as? Double)
            #expect(critical > 200 && critical < 300, "\(model)")
            #expect((model["reserve"] as? Double ?? 0) > 5000 && model["estimate"] as? String == "ftp")

            // Rides have no pace curve; unknown kinds and families are refused.
            let (_, pace) = try await get(app, user, "api/v1/analytics/curves?kind=pace&family=cycling")
            #expect((pace["points"] as? [Any])?.isEmpty == true)
            #expect(try await get(app, user, "api/v1/analytics/curves?kind=speed").0 == .unprocessableEntity)
            #expect(try await get(app, user, "api/v1/analytics/curves?family=flying").0 == .unprocessableEntity)

            // The page draws both periods, links the points and offers the model's FTP.
            try await app.testing().test(.GET, "curves?period=90d&compare=all", headers: user.browser()) { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("class=\"curve\"") && html.contains("class=\"curve-compare\""))
                #expect(html.contains("href=\"/activities/\(recent)\"") && html.contains("href=\"/activities/\(old)\""))
                #expect(html.contains("action=\"/curves/adopt\""))
            }
            try await app.testing().test(.GET, "curves?period=forever", headers: user.browser()) { res async in
                #expect(res.status == .unprocessableEntity)
            }

            // Adopting sets the FTP from today to the model of the period (recomputed, not sent).
            var form = user.browser()
            form.contentType = .urlEncodedForm
            try await app.testing().test(.POST, "curves/adopt", headers: form,
                                         body: ByteBuffer(string: "kind=power&family=cycling&period=90d&ftp=999")) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.contains("done=adopted") == true)
            }
            let (_, profile) = try await get(app, user, "api/v1/profile")
            #expect(profile["ftp"] as? Double == critical.rounded(), "\(profile)")
            #expect((profile["estimated"] as? [String])?.contains("ftp") == false)

            // A deleted ride leaves nothing in the curve.
            try await app.testing().test(.DELETE, "api/v1/activities/\(old)", headers: user.bearer) { res async in
                #expect(res.status == .noContent)
            }
            let (_, after) = try await get(app, user, "api/v1/analytics/curves")
            #expect((after["points"] as? [[String: Any]])?.allSatisfy { $0["activity_id"] as? String == recent } == true)
        }
    }

    @Test func anotherAthletesCurveStaysTheirs() async throws {
        try await withTestApp { app in
            let owner = try await TestUsers.signUp(app)
            let stranger = try await TestUsers.signUp(app)
            #expect(try await TestFiles.upload(app, owner, [("ride.fit", ride(daysAgo: 3, boost: 0, seed: 90, now: app.clock.now()))]).0 == .created)
            let (_, theirs) = try await get(app, stranger, "api/v1/analytics/curves")
            #expect((theirs["points"] as? [Any])?.isEmpty == true)
            #expect(theirs["model"] == nil)
        }
    }
}

@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// The fitness chart over a long range, projected forward with the planned sessions' loads.
@Suite struct FitnessOutlookTests {
    @Test func plannedSessionsAreProjectedFromTodaysFitness() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let now = app.clock.now()
            let run = SyntheticActivity.make(seed: 31, start: now.addingTimeInterval(-2 * 86_400), seconds: 3600, sport: .run)
            #expect(try await TestFiles.upload(app, user, [("run.fit", FITEncoder().encode(run))]).0 == .created)
            var days = AthleteDays(zone: .gmt)
            let today = days.day(now)
            let inThreeDays = StatisticsService.label(day: today + 3, .day)
            for body: [String: Any] in [["date": inThreeDays, "name": "Threshold hour", "type": "threshold", "duration": 3600, "zone": 4],
                                        ["date": StatisticsService.label(day: today + 5, .day), "name": "Day off", "type": "rest"]] {
                try await app.testing().test(.POST, "api/v1/plans", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                             body: TestUsers.json(body)) { res async in
                    #expect(res.status == .created, "\(res.body.string)")
                }
            }
            var chart: [String: Any] = [:]
            try await app.testing().test(.GET, "api/v1/analytics/fitness?project=14", headers: user.bearer) { res async in
                #expect(res.status == .ok)
                chart = (try? JSONSerialization.jsonObject(with: Data(buffer: res.body))) as? [String: Any] ?? [:]
            }
            let projected = try #require(chart["projected"] as? [[String: Any]])
            let todayFigures = try #require(chart["today"] as? [String: Any])
            #expect(projected.count == 14)
            #expect(projected.first?["date"] as? String == StatisticsService.label(day: today + 1, .day))
            // Only the threshold hour brings load (90.25 → 90.3 rounded); the rest day none.
            #expect(projected.map { $0["load"] as? Double ?? -1 } == (1...14).map { $0 == 3 ? 90.3 : 0 }, "\(projected)")
            // Fitness decays from today's, then rises on the planned day.
            let fitnessToday = try #require(todayFigures["fitness"] as? Double)
            let decay = exp(-1 / 42.0)
            #expect(abs((projected[0]["fitness"] as? Double ?? 0) - fitnessToday * decay) < 0.11)
            #expect((projected[2]["fitness"] as? Double ?? 0) > (projected[1]["fitness"] as? Double ?? 0))
            try await app.testing().test(.GET, "api/v1/analytics/fitness?project=500", headers: user.bearer) { res async in
                #expect(res.status == .unprocessableEntity)
            }

            // The page: every range, the projection dashed, form over its bands.
            for range in FitnessRange.allCases {
                try await app.testing().test(.GET, "fitness?range=\(range.rawValue)", headers: user.browser()) { res async in
                    #expect(res.status == .ok, "\(range)")
                    let html = res.body.string
                    #expect(html.contains("class=\"projected\"") && html.contains("class=\"form\""), "\(range)")
                    #expect(html.components(separatedBy: "<path").count < 12, "a few lines, not a path per day")
                }
            }
            try await app.testing().test(.GET, "fitness?range=forever", headers: user.browser()) { res async in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }
}

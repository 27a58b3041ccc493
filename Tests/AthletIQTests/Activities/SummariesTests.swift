@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// Summaries: the years laid over one another, and the page's tables.
@Suite struct SummariesTests {
    func period(_ day: String, _ metres: Double) -> PeriodStatsDTO {
        PeriodStatsDTO(period: day, start: Date(), count: 1, distance: metres, movingTime: 3600, elevationGain: 0, pace: nil, load: 0, bySport: [:])
    }

    @Test func eachYearAccumulatesItsOwnDistanceUpToToday() {
        let today = CivilDate.day(year: 2026, month: 3, day: 1)
        let daily = [period("2025-01-01", 5000), period("2025-02-01", 10_000), period("2025-12-31", 1000),
                     period("2026-01-02", 8000), period("2026-03-01", 2000)]
        let years = YearOnYear.years(daily: daily, firstYear: 2025, today: today)
        #expect(years.map(\.year) == [2025, 2026])
        #expect(years[0].cumulative.count == 365)
        #expect(years[0].cumulative[0] == 5000)
        #expect(years[0].cumulative[30] == 5000 && years[0].cumulative[31] == 15_000, "1 February is day 31")
        #expect(years[0].cumulative.last == 16_000)
        #expect(years[1].cumulative.count == 60, "1 January to 1 March, no further")
        #expect(years[1].cumulative[0] == 0 && years[1].cumulative[1] == 8000 && years[1].cumulative.last == 10_000)
    }

    @Test func thePageTotalsBySportFamilyAndPeriod() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let now = app.clock.now()
            for (index, sport) in [Sport.run, .ride].enumerated() {
                let activity = SyntheticActivity.make(seed: UInt64(40 + index), start: now.addingTimeInterval(-Double(index + 1) * 86_400),
                                                      seconds: 1800, sport: sport)
                #expect(try await TestFiles.upload(app, user, [("a\(index).fit", FITEncoder().encode(activity))]).0 == .created)
            }
            for group in SummariesPage.Grouping.allCases {
                try await app.testing().test(.GET, "summaries?group=\(group.rawValue)", headers: user.browser()) { res async in
                    #expect(res.status == .ok)
                    let html = res.body.string
                    #expect(html.contains("<tfoot><tr><th>Total</th><th class=\"num\">2</th>"), "\(group)")
                    #expect(html.contains(String(CivilDate.components(ofDay: FitnessModel.dayNumber(now)).year)), "the year's line")
                }
            }
            try await app.testing().test(.GET, "summaries?group=year&family=running", headers: user.browser()) { res async in
                #expect(res.body.string.contains("<tfoot><tr><th>Total</th><th class=\"num\">1</th>"))
            }
            for bad in ["group=decade", "family=flying"] {
                try await app.testing().test(.GET, "summaries?\(bad)", headers: user.browser()) { res async in
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                }
            }
        }
    }
}

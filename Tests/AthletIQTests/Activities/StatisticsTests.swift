@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import SQLKit
import Testing

@Suite struct StatisticsTests {
    static func row(_ day: String, _ sport: Sport, distance: Double?, moving: Double?, elapsed: Double = 3600,
                    ascent: Double?, load: Double?) -> StatisticsService.Row {
        StatisticsService.Row(start_date: ISO8601DateFormatter().date(from: day + "T07:30:00Z") ?? Date(), sport: sport.rawValue,
                              distance: distance, moving_time: moving, elapsed_time: elapsed, ascent: ascent, load: load,
                              trimp: nil, heart_rate_stress: nil, running_stress: nil, power_stress: nil)
    }

    /// Monday 5 and Wednesday 7 January 2026 (run, trail), Sunday 11 (a ride without distance),
    /// Monday 12 (run), Sunday 1 February (trail).
    static let rows = [
        row("2026-01-05", .run, distance: 10_000, moving: 3000, ascent: 100, load: 50),
        row("2026-01-07", .trailRun, distance: 8000, moving: nil, ascent: 400, load: nil),
        row("2026-01-11", .ride, distance: nil, moving: 3600, ascent: nil, load: 30),
        row("2026-01-12", .run, distance: 5000, moving: 1500, ascent: 20, load: 20),
        row("2026-02-01", .trailRun, distance: 12_000, moving: 6000, ascent: 900, load: 90),
    ]

    @Test func weeksSumEachSportAndTheirPaceWeighsOnlyTimeWithADistance() throws {
        let stats = PeriodStatistics.make(rows: Self.rows, group: .week, from: nil, sports: nil)
        #expect(stats.periods.map(\.period) == ["2026-01-05", "2026-01-12", "2026-01-26"])
        let first = try #require(stats.periods.first)
        #expect(first.count == 3)
        #expect(first.distance == 18_000)
        #expect(first.movingTime == 10_200, "the trail run without moving time counts its elapsed time")
        #expect(first.elevationGain == 500)
        #expect(first.load == 80)
        #expect(first.pace == 6600.0 / 18_000, "the ride has no distance: its hour is not in the pace")
        #expect(first.start == ISO8601DateFormatter().date(from: "2026-01-05T00:00:00Z"))
        #expect(first.bySport.keys.sorted() == ["ride", "run", "trail_run"])
        #expect(first.bySport["ride"]?.pace == nil)
        #expect(first.bySport["ride"]?.movingTime == 3600)
        #expect(first.bySport["trail_run"]?.pace == 3600.0 / 8000)

        #expect(stats.total.count == 5)
        #expect(stats.total.distance == 35_000)
        #expect(stats.total.load == 190)
        let timeWithDistance: Double = 3000 + 3600 + 1500 + 6000
        #expect(stats.total.pace == timeWithDistance / 35_000)
        #expect(stats.road.count == 2)
        #expect(stats.road.distance == 15_000)
        #expect(stats.road.pace == 4500.0 / 15_000)
        #expect(stats.trail.count == 2)
        #expect(stats.trail.elevationGain == 1300)
    }

    @Test func monthsYearsAndASportFilter() {
        let months = PeriodStatistics.make(rows: Self.rows, group: .month, from: nil, sports: nil)
        #expect(months.periods.map(\.period) == ["2026-01", "2026-02"])
        #expect(months.periods.map(\.count) == [4, 1])
        let years = PeriodStatistics.make(rows: Self.rows, group: .year, from: nil, sports: [Sport.trailRun.rawValue])
        #expect(years.periods.map(\.period) == ["2026"])
        #expect(years.total.count == 2)
        #expect(years.total.distance == 20_000)
        #expect(years.road.count == 0)
        #expect(years.road.pace == nil)
        let none = PeriodStatistics.make(rows: [], group: .day, from: Date(timeIntervalSince1970: 0), sports: nil)
        #expect(none.periods.isEmpty)
        #expect(none.total.count == 0)
        #expect(none.total.start == Date(timeIntervalSince1970: 0))
    }

    /// A Paris ride on Monday at 00:30 is Monday's; a New York run on New Year's Eve at 21:00 is
    /// the old year's: the periods are the athlete's, beginning at their midnight.
    @Test func periodsAreTheAthletesDays() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        var mondayRide = Self.row("2026-03-29", .ride, distance: 30_000, moving: 3600, ascent: 0, load: 40)
        // Sunday 29 March 2026 at 22:30 UTC: Monday 30 at 00:30 in Paris (summer time began that night).
        mondayRide.start_date = try #require(ISO8601DateFormatter().date(from: "2026-03-29T22:30:00Z"))
        let utc = PeriodStatistics.make(rows: [mondayRide], group: .week, from: nil, sports: nil)
        #expect(utc.periods.map(\.period) == ["2026-03-23"], "in UTC it is Sunday's week")
        let local = PeriodStatistics.make(rows: [mondayRide], group: .week, from: nil, sports: nil, days: AthleteDays(zone: paris))
        #expect(local.periods.map(\.period) == ["2026-03-30"])
        #expect(local.timeZone == "Europe/Paris")
        #expect(local.periods.first?.start == ISO8601DateFormatter().date(from: "2026-03-29T22:00:00Z"), "Paris midnight, summer time")

        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        var eve = Self.row("2026-12-31", .run, distance: 5000, moving: 1500, ascent: 0, load: 20)
        eve.start_date = try #require(ISO8601DateFormatter().date(from: "2027-01-01T02:00:00Z"))
        let years = PeriodStatistics.make(rows: [eve], group: .year, from: nil, sports: nil, days: AthleteDays(zone: newYork))
        #expect(years.periods.map(\.period) == ["2026"])
        #expect(years.periods.first?.start == ISO8601DateFormatter().date(from: "2026-01-01T05:00:00Z"))
    }

    /// The offset is remembered per daylight-saving period, and still right across a change.
    @Test func athleteDaysFollowDaylightSaving() throws {
        var days = AthleteDays(zone: try #require(TimeZone(identifier: "Europe/Paris")))
        let formatter = ISO8601DateFormatter()
        func label(_ text: String) throws -> String {
            StatisticsService.label(day: days.day(try #require(formatter.date(from: text))), .day)
        }
        #expect(try label("2026-03-28T23:30:00Z") == "2026-03-29", "winter: UTC+1")
        #expect(try label("2026-03-29T22:30:00Z") == "2026-03-30", "summer: UTC+2")
        #expect(try label("2026-10-24T22:30:00Z") == "2026-10-25", "still summer")
        #expect(try label("2026-10-25T23:30:00Z") == "2026-10-26", "winter again")
        #expect(try label("2026-03-28T22:30:00Z") == "2026-03-28", "an earlier instant, out of order")
        #expect(days.start(ofDay: CivilDate.day(year: 2026, month: 10, day: 25)) == formatter.date(from: "2026-10-24T22:00:00Z"))
    }

    @Test func labelsPadTheirDigits() {
        let day = CivilDate.day(year: 37, month: 3, day: 4)
        #expect(StatisticsService.label(day: day, .day) == "0037-03-04")
        #expect(StatisticsService.label(day: day, .month) == "0037-03")
        #expect(StatisticsService.label(day: day, .year) == "0037")
        #expect(StatisticsService.padded(7, 2) == "07")
        #expect(StatisticsService.padded(2026, 4) == "2026")
        #expect(StatisticsService.padded(12345, 4) == "12345")
    }

    /// The list and statistics caches ask for this on every request: it must not visit the rows.
    @Test func theChangeFingerprintIsReadFromAnIndexAlone() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let user = UUID()
            let query = "SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM activities WHERE user_id = '\(user.uuidString)'"
            if TestDatabase.isPostgres {
                struct Line: Decodable { var plan: String; enum CodingKeys: String, CodingKey { case plan = "QUERY PLAN" } }
                let lines = try await app.db.transaction { database in
                    let sql = try #require(database as? any SQLDatabase)
                    try await sql.raw("SET LOCAL enable_seqscan = off").run()
                    return try await sql.raw(SQLQueryString("EXPLAIN " + query)).all(decoding: Line.self)
                }
                #expect(lines.contains { $0.plan.contains("Index Only Scan using \(AddActivityChangeIndex.name)") }, "\(lines.map(\.plan))")
            } else {
                struct Line: Decodable { var detail: String }
                let lines = try await sql.raw(SQLQueryString("EXPLAIN QUERY PLAN " + query)).all(decoding: Line.self)
                #expect(lines.contains { $0.detail.contains("COVERING INDEX \(AddActivityChangeIndex.name)") }, "\(lines.map(\.detail))")
            }
        }
    }
}

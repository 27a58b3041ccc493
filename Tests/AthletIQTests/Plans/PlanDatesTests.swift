@testable import AthletIQ
import Foundation
import Testing

@Suite struct PlanDatesTests {
    let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt
    let newYork = TimeZone(identifier: "America/New_York") ?? .gmt

    @Test func aPlannedLocalTimeIsTheRightMomentInUTCWinterSummerAndAcrossMidnight() {
        #expect(PlanDates.utc(day: "2026-12-08", time: "18:30", in: paris)! == ("2026-12-08", "17:30"))
        #expect(PlanDates.utc(day: "2026-07-08", time: "07:00", in: paris)! == ("2026-07-08", "05:00"))
        #expect(PlanDates.utc(day: "2026-12-09", time: "00:30", in: paris)! == ("2026-12-08", "23:30"))
        #expect(PlanDates.utc(day: "2026-11-10", time: "20:30", in: newYork)! == ("2026-11-11", "01:30"))
        // The morning after the clocks went forward (29 March 2026 in Paris).
        #expect(PlanDates.utc(day: "2026-03-29", time: "09:00", in: paris)! == ("2026-03-29", "07:00"))
        #expect(PlanDates.utc(day: "2026-03-28", time: "09:00", in: paris)! == ("2026-03-28", "08:00"))
        #expect(PlanDates.utc(day: "2026-12-08", time: "18:30", in: .gmt)! == ("2026-12-08", "18:30"))
    }

    @Test func malformedTimesGiveNothing() {
        for time in ["", "7", "24:00", "12:60", "ab:cd", "-1:30"] {
            #expect(PlanDates.utc(day: "2026-12-08", time: time, in: paris) == nil, "\(time)")
        }
        #expect(PlanDates.utc(day: "2026-12", time: "10:00", in: paris) == nil)
    }

    @Test func anInstantFallsOnTheAthletesDay() {
        let evening = PlanDates.date("2026-11-11")!.addingTimeInterval(1.5 * 3600)
        #expect(PlanDates.day(evening, in: newYork) == "2026-11-10")
        #expect(PlanDates.day(evening, in: paris) == "2026-11-11")
        #expect(PlanDates.day(evening, in: .gmt) == "2026-11-11")
    }
}

@testable import AthletIQCore
import Foundation
import Testing

@Suite struct PlanMatcherTests {
    let ids = (0..<8).map { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", $0))! }

    @Test func twoSessionsOnOneDayEachFindTheirActivity() {
        let plans = [
            PlanMatcher.Plan(id: ids[0], date: "2026-12-05", sport: .run, type: .easy, distance: 8000, duration: 2700),
            PlanMatcher.Plan(id: ids[1], date: "2026-12-05", sport: .run, type: .intervals, distance: 12_000, duration: 4200),
            PlanMatcher.Plan(id: ids[2], date: "2026-12-05", sport: .ride, type: .ride, distance: 40_000, duration: nil),
            PlanMatcher.Plan(id: ids[3], date: "2026-12-06", sport: .other, type: .rest, distance: nil, duration: nil),
        ]
        let done = [
            PlanMatcher.Done(id: ids[4], date: "2026-12-05", sport: .run, distance: 11_800, duration: 4300),
            PlanMatcher.Done(id: ids[5], date: "2026-12-05", sport: .run, distance: 8_200, duration: 2650),
            PlanMatcher.Done(id: ids[6], date: "2026-12-06", sport: .run, distance: 5000, duration: 1800),
            PlanMatcher.Done(id: ids[7], date: "2026-12-05", sport: .swim, distance: 1500, duration: 1800),
        ]
        let matches = PlanMatcher.match(plans: plans, activities: done.reversed())
        #expect(matches[ids[0]] == ids[5])
        #expect(matches[ids[1]] == ids[4])
        #expect(matches[ids[2]] == nil)   // no ride done; a swim is not a ride
        #expect(matches[ids[3]] == nil)   // rest days are never "done"
        // The same answer whatever the order of the inputs.
        #expect(PlanMatcher.match(plans: plans.reversed(), activities: done) == matches)
    }

    @Test func handLinksComeFirstAndHandUnlinksStay() {
        var plans = [PlanMatcher.Plan(id: ids[0], date: "2026-12-05", sport: .run, type: .easy, distance: 8000, duration: nil),
                     PlanMatcher.Plan(id: ids[1], date: "2026-12-05", sport: .run, type: .long, distance: 20_000, duration: nil)]
        let done = [PlanMatcher.Done(id: ids[4], date: "2026-12-05", sport: .run, distance: 8000, duration: 2700)]
        #expect(PlanMatcher.match(plans: plans, activities: done) == [ids[0]: ids[4]])
        plans[1].linkedActivity = ids[4]
        #expect(PlanMatcher.match(plans: plans, activities: done) == [ids[1]: ids[4]])
        plans[1].linkedActivity = nil
        plans[0].unlinked = true
        #expect(PlanMatcher.match(plans: plans, activities: done) == [ids[1]: ids[4]])
    }

    @Test func completionScores() {
        #expect(PlanMatcher.completionScore(plannedDistance: 10_000, plannedDuration: 3600, distance: 10_000, duration: 3600) == 100)
        #expect(PlanMatcher.completionScore(plannedDistance: 10_000, plannedDuration: nil, distance: 5_000, duration: 1800) == 50)
        #expect(PlanMatcher.completionScore(plannedDistance: 10_000, plannedDuration: 3600, distance: 9_000, duration: 3960) == 90)
        #expect(PlanMatcher.completionScore(plannedDistance: nil, plannedDuration: nil, distance: 5_000, duration: 1800) == 100)
        #expect(PlanMatcher.completionScore(plannedDistance: 1_000, plannedDuration: nil, distance: 5_000, duration: nil) == 0)
    }
}

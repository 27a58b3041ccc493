@testable import AthletIQ
import AthletIQCore
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@Suite struct StravaQuotaTests {
    static let environment = ["STRAVA_CLIENT_ID": "1", "STRAVA_CLIENT_SECRET": "s", "STRAVA_READ_LIMIT": "20,100",
                              "STRAVA_INTERACTIVE_RESERVE": "25%"]

    @Test func backgroundLeavesTheReserveAndNothingOvershoots() async throws {
        try await withTestApp(Self.environment) { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let quota = try #require(StravaServices(application: app)).quota
            var background = 0
            while (try? await quota.reserve(use: .background)) != nil { background += 1 }
            #expect(background == 15)
            var interactive = 0
            while (try? await quota.reserve(use: .interactive)) != nil { interactive += 1 }
            #expect(interactive == 5)
            do {
                try await quota.reserve(use: .interactive)
                Issue.record("a reservation beyond the limit succeeded")
            } catch let exhausted as StravaQuota.Exhausted {
                #expect(exhausted.resetAt == StravaRateWindows.nextShortReset(after: clock.now()))
            }
            // The next window starts fresh, but the daily count goes on.
            clock.set(StravaRateWindows.nextShortReset(after: clock.now()))
            #expect((try? await quota.reserve(use: .background)) != nil)
            let snapshot = try await quota.snapshot()
            #expect(snapshot.windows.first { $0.kind == "read" && $0.period == "daily" }?.used == 21)
        }
    }

    @Test func stravasHeadersCorrectTheCountersUpwardsAndSetTheLimits() async throws {
        try await withTestApp(Self.environment) { app in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            app.clock = clock
            let quota = try #require(StravaServices(application: app)).quota
            try await quota.reserve(use: .background)
            // Another client of the same application used 12 reads already; Strava grants 600.
            await quota.reconcile(read: StravaLimitPair(short: 12, daily: 40), readLimit: StravaLimitPair(short: 600, daily: 6000),
                                  overall: nil, overallLimit: nil, requestStartedAt: clock.now())
            var snapshot = try await quota.snapshot()
            let short = snapshot.windows.first { $0.kind == "read" && $0.period == "15min" }
            #expect(short?.used == 12 && short?.limit == 600)
            // A lower number (requests still in flight) does not lower ours.
            await quota.reconcile(read: StravaLimitPair(short: 3, daily: 3), readLimit: nil, overall: nil, overallLimit: nil,
                                  requestStartedAt: clock.now())
            snapshot = try await quota.snapshot()
            #expect(snapshot.windows.first { $0.kind == "read" && $0.period == "15min" }?.used == 12)
            // An answer to a request sent in the previous window changes nothing.
            await quota.reconcile(read: StravaLimitPair(short: 500, daily: 500), readLimit: nil, overall: nil, overallLimit: nil,
                                  requestStartedAt: clock.now().addingTimeInterval(-900))
            snapshot = try await quota.snapshot()
            #expect(snapshot.windows.first { $0.kind == "read" && $0.period == "15min" }?.used == 12)
            // After a 429 nothing goes, interactive included, until the reset.
            try await quota.block(dailySpent: false)
            #expect(try await quota.nextAvailable(for: .interactive) == StravaRateWindows.nextShortReset(after: clock.now()))
            await #expect(throws: StravaQuota.Exhausted.self) { try await quota.reserve(use: .interactive) }
            try await quota.block(dailySpent: true)
            #expect(try await quota.nextAvailable(for: .background) == StravaRateWindows.nextDayReset(after: clock.now()))
        }
    }

    @Test func theBackfillIsPacedOverTheDay() async throws {
        try await withTestApp(["STRAVA_CLIENT_ID": "1", "STRAVA_CLIENT_SECRET": "s"]) { app in
            // 00:02 UTC: defaults of 100 per 15 minutes and 1,000 a day, 10 % kept for interactive use.
            let midnight = Date(timeIntervalSince1970: 1_796_169_600)
            let clock = ManualClock(midnight.addingTimeInterval(120))
            app.clock = clock
            let quota = try #require(StravaServices(application: app)).quota
            var backfill = 0
            while (try? await quota.reserve(use: .backfill)) != nil { backfill += 1 }
            // A third of the quarter-hour stays free for current work (new athletes, webhooks).
            #expect(backfill == 60)
            // 00:17: the day's pace allows 900 × 2/96 + the shrinking burst 60 × 94/96 = 77 in all, so 17 more.
            clock.set(midnight.addingTimeInterval(17 * 60))
            backfill = 0
            while (try? await quota.reserve(use: .backfill)) != nil { backfill += 1 }
            #expect(backfill == 17)
            #expect(try await quota.nextAvailable(for: .backfill) == midnight.addingTimeInterval(30 * 60))
            // Keeping the app current is not paced.
            #expect(try await quota.nextAvailable(for: .background) == nil)
            var background = 0
            while (try? await quota.reserve(use: .background)) != nil { background += 1 }
            #expect(background == 73)
        }
    }

    @Test func instancesShareOneQuota() async throws {
        try await withTestApps(count: 2, Self.environment) { apps in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_796_205_720))
            for app in apps { app.clock = clock }
            let granted = NIOLockedValueBox(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for app in apps {
                    for _ in 0..<4 {
                        group.addTask {
                            let quota = try #require(StravaServices(application: app)).quota
                            for _ in 0..<20 {
                                do {
                                    try await StravaQueueTests.retryingBusy { try await quota.reserve(use: .background) }
                                    granted.withLockedValue { $0 += 1 }
                                } catch is StravaQuota.Exhausted {}
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(granted.withLockedValue { $0 } == 15)
        }
    }
}

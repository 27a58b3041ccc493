import AthletIQCore
import Foundation
import Testing

/// A planned session's expected load: hours × IF² × 100, the intensity from its zone, RPE or type.
@Suite struct PlannedLoadTests {
    func load(_ type: WorkoutType? = nil, duration: Double? = nil, distance: Double? = nil, speed: Double? = nil,
              zone: Int? = nil, rpe: Int? = nil, threshold: Double? = nil) -> Double? {
        PlannedLoad.estimate(.init(type: type, duration: duration, distance: distance, targetSpeed: speed, zone: zone, rpe: rpe),
                             thresholdSpeed: threshold)
    }

    @Test func knownSessions() throws {
        // An hour in zone 4 (IF 0.95): 90.25.
        #expect(abs(try #require(load(duration: 3600, zone: 4)) - 90.25) < 1e-9)
        // 10 km at 4 m/s in zone 2 (IF 0.75): 2500 s.
        let paced: Double = 2500.0 / 3600 * 0.5625 * 100
        #expect(abs(try #require(load(distance: 10_000, speed: 4, zone: 2)) - paced) < 1e-9)
        // 10 km with no pace: at 80 % of a 4 m/s threshold, 3125 s; intervals are zone 5 by type.
        let unpaced: Double = 3125.0 / 3600 * 1.05 * 1.05 * 100
        #expect(abs(try #require(load(.intervals, distance: 10_000, threshold: 4)) - unpaced) < 1e-9)
        // RPE 10 is threshold: an hour is 100.
        #expect(abs(try #require(load(duration: 3600, rpe: 10)) - 100) < 1e-9)
        // The zone wins over the RPE and the type.
        #expect(load(.intervals, duration: 3600, zone: 1, rpe: 9) == load(duration: 3600, zone: 1))
    }

    @Test func restAndUnknownLengthsBringNothing() {
        #expect(load(.rest, duration: 3600) == nil)
        #expect(load(.easy) == nil)
        #expect(load(distance: 10_000) == nil, "no pace to tell how long")
        #expect(load(duration: -5) == nil)
        #expect(load(duration: .infinity) == nil)
    }
}

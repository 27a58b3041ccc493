@testable import AthletIQCore
import Foundation
import Testing

@Suite struct CoursePredictionTests {
    /// A flat model: 5 min/km whatever the distance (no fatigue), to check the hill maths alone.
    let steady: (Double) -> Double? = { $0 * 0.3 }

    @Test func aFlatCourseIsTheFlatModel() throws {
        let course = CoursePredictor.synthetic(distance: 10_000, gain: 0, loss: 0)
        let forecast = try #require(CoursePredictor.forecast(points: course, trail: false, terrainFactor: 1.1,
                                                             aidStations: [("Half way", 5000)], flatTime: steady))
        #expect(abs(forecast.finishTime - 3000) < 1e-6)
        #expect(forecast.segments.count == 10)
        #expect(forecast.segments.allSatisfy { abs($0.time - 300) < 1e-6 })
        #expect(abs((forecast.aidStations.first?.time ?? 0) - 1500) < 1e-6)
        #expect(abs(forecast.flatEquivalentDistance - 10_000) < 1e-6)
    }

    @Test func climbsCostWhatMinettiSaysAndTrailsAreSlower() throws {
        // 5 km at +10 %, then 5 km at −10 %.
        let course = CoursePredictor.synthetic(distance: 10_000, gain: 500, loss: 500)
        let forecast = try #require(CoursePredictor.forecast(points: course, trail: true, terrainFactor: 1.2,
                                                             aidStations: CoursePredictor.regularAidStations(every: 2500, distance: 10_000),
                                                             flatTime: steady))
        // Climbs cost what Minetti says; the descent's gain is capped (Minetti.downhillFloor).
        let expectedEquivalent = 5000 * Minetti.factor(grade: 0.1) + 5000 * Minetti.courseFactor(grade: -0.1)
        #expect(abs(forecast.flatEquivalentDistance - expectedEquivalent) / expectedEquivalent < 0.01)
        #expect(abs(forecast.finishTime - expectedEquivalent * 0.3 * 1.2) / forecast.finishTime < 0.01)
        #expect(abs(forecast.gain - 500) < 5)
        // The climbing kilometres take longer than the descending ones.
        #expect(forecast.segments[1].time > forecast.segments[8].time)
        #expect(forecast.aidStations.map(\.name) == ["Aid 1", "Aid 2", "Aid 3"])
        #expect(abs((forecast.segments.last?.cumulativeTime ?? 0) - forecast.finishTime) < 1e-6)
    }

    @Test func longRacesSlowDownLate() throws {
        let course = CoursePredictor.synthetic(distance: 42_195, gain: 0, loss: 0)
        let forecast = try #require(CoursePredictor.forecast(points: course, trail: false, terrainFactor: 1, aidStations: [], flatTime: steady))
        #expect(forecast.segments.last!.time / forecast.segments.last!.length > forecast.segments.first!.time / forecast.segments.first!.length)
        #expect(abs(forecast.finishTime - 42_195 * 0.3) < 1e-6)
    }

    @Test func aGPXCourseDecodesIntoPoints() throws {
        let activity = try ActivityFiles.decode(name: "x.gpx", data: try Fixtures.data("gpx/gpxpy-cerknicko-jezero.gpx"))
        let points = CoursePredictor.points(from: activity)
        #expect(points.count > 100)
        let forecast = try #require(CoursePredictor.forecast(points: points, trail: false, terrainFactor: 1, aidStations: [], flatTime: steady))
        #expect(forecast.profile.count <= 202)
        #expect(forecast.segments.count == Int((forecast.distance / 1000).rounded(.up)))
    }
}

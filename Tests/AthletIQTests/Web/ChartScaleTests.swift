@testable import AthletIQ
import Foundation
import Testing

/// Axis ticks people can read: steps of 1, 2, 2.5 or 5 × 10ⁿ, labels that say the value.
@Suite struct ChartScaleTests {
    func labels(_ low: Double, _ high: Double, maxTicks: Int = 5) -> [String] {
        let scale = NiceScale(low, high, maxTicks: maxTicks)
        return scale.ticks.map(scale.label)
    }

    @Test func ticksFallOnNiceSteps() {
        // Once "0, 375, 750, 1125, 1500" and "2k" for 1,500 m.
        #expect(labels(0, 1500) == ["0", "500", "1000", "1500"])
        // Once "937.5".
        #expect(labels(0, 937.5) == ["0", "250", "500", "750", "1000"])
        // A pace chart once read "3.8, 7.5, 11.2".
        #expect(labels(3.8, 11.2) == ["2", "4", "6", "8", "10", "12"])
        #expect(labels(0, 12_500) == ["0", "5k", "10k", "15k"])
        #expect(labels(0, 0.9) == ["0", "0.25", "0.50", "0.75", "1.00"])
        #expect(labels(140, 187) == ["140", "160", "180", "200"])
    }

    @Test func flatAndBrokenRangesStillGiveAnAxis() {
        #expect(labels(5, 5) == ["5.00", "5.25", "5.50", "5.75", "6.00"])
        #expect(NiceScale(.nan, 3) == NiceScale(.infinity, 3))
        #expect(NiceScale(.nan, 3).ticks.count == 5)
        #expect(NiceScale(-12, 30).ticks.first == -20)
    }

    /// The activity charts run along the distance: a tick at each whole kilometre, where it lies.
    @Test func activityChartsRunAlongTheDistance() {
        let xs = [0.0, 0.4, 2.9, 3.0, 4.2]
        let svg = SVGChart.lineOverX(title: "Pace", xs: xs, series: [.init(name: "Pace", cssClass: "fitness", values: [5, 5.2, 4.9, nil, 5])],
                                     unit: "min/km", xUnit: "km")
        #expect(svg.contains(">1<") && svg.contains(">2<") && svg.contains(">4 km<"), "\(svg)")
        // A gap in the values breaks the line instead of bridging it.
        #expect(svg.components(separatedBy: "M").count - 1 == 2)
    }
}

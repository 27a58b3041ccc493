import Foundation

/// An axis with ticks at "nice" steps (1, 2, 2.5 or 5 × 10ⁿ) and labels to match: 0, 500, 1000,
/// 1500 rather than 0, 375, 750, 1125; 12.5k rather than 12k for 12,500.
struct NiceScale: Equatable {
    let minimum: Double
    let maximum: Double
    let step: Double

    init(_ low: Double, _ high: Double, maxTicks: Int = 5) {
        guard low.isFinite, high.isFinite else {
            (minimum, maximum, step) = (0, 1, 0.25)
            return
        }
        // A flat series still gets a readable axis.
        let top = high - low < 1e-9 ? low + 1 : high
        let rough = (top - low) / Double(max(1, maxTicks - 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough * (1 - 1e-9) } ?? 10 * magnitude
        let minimum = (low / step).rounded(.down) * step
        var maximum = (top / step).rounded(.up) * step
        if maximum <= minimum { maximum = minimum + step }
        (self.minimum, self.maximum, self.step) = (minimum, maximum, step)
    }

    var ticks: [Double] {
        let count = Int(((maximum - minimum) / step).rounded())
        return (0...max(0, count)).map { minimum + Double($0) * step }
    }

    /// A tick's label, with as many decimals as the step needs; thousands as `k` from 10,000.
    func label(_ value: Double) -> String {
        if abs(value) < step * 1e-6 { return "0" }
        let thousands = max(abs(minimum), abs(maximum)) >= 10_000
        let shown = thousands ? value / 1000 : value
        let unitStep = thousands ? step / 1000 : step
        var digits = 0
        while digits < 3, abs(unitStep * pow(10, Double(digits)) - (unitStep * pow(10, Double(digits))).rounded()) > 1e-6 { digits += 1 }
        let text = String(format: "%.\(digits)f", shown)
        return thousands ? text + "k" : text
    }
}

import Foundation

/// The other kinds of chart: an area over a numeric x axis (elevation profiles), points
/// (scatter), and box plots.
extension SVGChart {
    /// A filled area under `points` (x, y), x labelled with `xLabel`.
    static func area(title: String, points: [(Double, Double)], unit: String, xUnit: String,
                     marks: [(x: Double, label: String)] = []) -> String {
        guard points.count >= 2, let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(), maxX > minX,
              let low = points.map(\.1).min(), let high = points.map(\.1).max() else { return empty(title) }
        let (minimum, maximum) = niceRange(low - (high - low) * 0.05, high)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ value: Double) -> Double { left + plotWidth * (value - minX) / (maxX - minX) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - minimum) / max(1e-9, maximum - minimum)) }
        var svg = open(title) + axes(minimum: minimum, maximum: maximum, unit: unit, y: y)
        var path = String(format: "M%.1f,%.1f", x(points[0].0), top + plotHeight)
        for point in points { path += String(format: "L%.1f,%.1f", x(point.0), y(point.1)) }
        path += String(format: "L%.1f,%.1fZ", x(points[points.count - 1].0), top + plotHeight)
        svg += "<path class=\"area\" d=\"\(path)\"/>"
        for mark in marks where mark.x >= minX && mark.x <= maxX {
            svg += String(format: "<line class=\"mark\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.1f\"><title>%@</title></line>",
                          x(mark.x), x(mark.x), top, top + plotHeight, HTML.escape(mark.label))
        }
        let ticks = (0...5).map { minX + (maxX - minX) * Double($0) / 5 }
        svg += ticks.html { value in
            String(format: "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%@</text>", x(value), height - 8,
                   HTML.escape(shortNumber(value) + (value == ticks.last ? " " + xUnit : "")))
        }
        return svg + "</svg>"
    }

    /// Points (x, y), with optional axis units.
    static func scatter(title: String, points: [(Double, Double)], xUnit: String, yUnit: String,
                        yFormat: (Double) -> String = shortNumber) -> String {
        guard !points.isEmpty, let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
              let low = points.map(\.1).min(), let high = points.map(\.1).max() else { return empty(title) }
        let (minimum, maximum) = niceRange(low, high)
        let (xMinimum, xMaximum) = niceRange(min(0, minX), maxX)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ value: Double) -> Double { left + plotWidth * (value - xMinimum) / max(1e-9, xMaximum - xMinimum) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - minimum) / max(1e-9, maximum - minimum)) }
        var svg = open(title) + axes(minimum: minimum, maximum: maximum, unit: yUnit, y: y, format: yFormat)
        svg += points.prefix(2000).html { point in
            String(format: "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", x(point.0), y(point.1))
        }
        svg += (0...4).html { step in
            let value = xMinimum + (xMaximum - xMinimum) * Double(step) / 4
            return String(format: "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%@</text>", x(value), height - 8,
                          HTML.escape(shortNumber(value) + (step == 4 ? " " + xUnit : "")))
        }
        return svg + "</svg>"
    }

    struct Box {
        var label: String
        var lower: Double
        var firstQuartile: Double
        var median: Double
        var thirdQuartile: Double
        var upper: Double
        var count: Int
    }

    /// One box plot per label (whiskers, quartiles, median).
    static func boxes(title: String, boxes: [Box], unit: String, format: (Double) -> String = shortNumber) -> String {
        guard !boxes.isEmpty, let low = boxes.map(\.lower).min(), let high = boxes.map(\.upper).max() else { return empty(title) }
        let (minimum, maximum) = niceRange(low, high)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(boxes.count)
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - minimum) / max(1e-9, maximum - minimum)) }
        var svg = open(title) + axes(minimum: minimum, maximum: maximum, unit: unit, y: y, format: format)
        for (index, box) in boxes.enumerated() {
            let center = left + slot * (Double(index) + 0.5), half = slot * 0.22
            svg += "<g class=\"box\" tabindex=\"0\"><title>\(HTML.escape(box.label)): \(HTML.escape(format(box.median))) (\(box.count))</title>"
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", center, center, y(box.upper), y(box.lower))
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", center - half, y(box.thirdQuartile),
                          half * 2, max(1, y(box.firstQuartile) - y(box.thirdQuartile)))
            svg += String(format: "<line class=\"median\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/></g>", center - half, center + half,
                          y(box.median), y(box.median))
        }
        svg += xLabels(boxes.map(\.label)) { left + slot * (Double($0) + 0.5) }
        return svg + "</svg>"
    }
}

import Foundation

/// The other kinds of chart: an area over a numeric x axis (elevation profiles), points
/// (scatter), and box plots.
extension SVGChart {
    /// A filled area under `points` (x, y), x labelled with `xLabel`.
    static func area(title: String, points: [(Double, Double)], unit: String, xUnit: String,
                     marks: [(x: Double, label: String)] = []) -> String {
        guard points.count >= 2, let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(), maxX > minX,
              let low = points.map(\.1).min(), let high = points.map(\.1).max() else { return empty(title) }
        let scale = NiceScale(low - (high - low) * 0.05, high)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ value: Double) -> Double { left + plotWidth * (value - minX) / (maxX - minX) }
        let y = yPosition(scale)
        var svg = open(title) + axes(scale, unit: unit, y: y)
        var path = String(format: "M%.1f,%.1f", x(points[0].0), top + plotHeight)
        for point in points { path += String(format: "L%.1f,%.1f", x(point.0), y(point.1)) }
        path += String(format: "L%.1f,%.1fZ", x(points[points.count - 1].0), top + plotHeight)
        svg += "<path class=\"area\" d=\"\(path)\"/>"
        for mark in marks where mark.x >= minX && mark.x <= maxX {
            svg += String(format: "<line class=\"mark\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.1f\"><title>%@</title></line>",
                          x(mark.x), x(mark.x), top, top + plotHeight, HTML.escape(mark.label))
        }
        svg += xTicks(NiceScale(minX, maxX, maxTicks: 6), within: minX...maxX, unit: xUnit, x: x)
        return svg + "</svg>"
    }

    /// Lines over a numeric x (distance or time): each value drawn at its own x, so a stop or a
    /// fast stretch takes the room it had on the road, with nice ticks on both axes.
    /// `attributes` go on the `<svg>`, beside the plot's box and domains (`data-plot`: left, top,
    /// width, height in its view box; `data-x`, `data-y`: first and last value of each axis),
    /// which a script needs to find the value under the pointer.
    static func lineOverX(title: String, xs: [Double], series: [Series], unit: String, xUnit: String, attributes: String = "") -> String {
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let known = xs.filter(\.isFinite)
        guard let minX = known.min(), let maxX = known.max(), maxX > minX, let low = all.min(), let high = all.max() else { return empty(title) }
        let scale = NiceScale(min(0, low), high)
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double { left + plotWidth * (value - minX) / (maxX - minX) }
        let y = yPosition(scale)
        let data = String(format: "data-plot=\"%.0f,%.0f,%.0f,%.0f\" data-x=\"%g,%g\" data-y=\"%g,%g\"",
                          left, top, plotWidth, height - top - bottom, minX, maxX, scale.minimum, scale.maximum)
        var svg = open(title, attributes: attributes.isEmpty ? data : attributes + " " + data) + axes(scale, unit: unit, y: y)
        for item in series {
            var path = ""
            var broken = true
            for (index, value) in item.values.enumerated() {
                guard index < xs.count, xs[index].isFinite, let value else { broken = true; continue }
                path += (broken ? "M" : "L") + String(format: "%.1f,%.1f", x(xs[index]), y(value))
                broken = false
            }
            svg += "<path class=\"\(item.cssClass)\" d=\"\(path)\" fill=\"none\"><title>\(HTML.escape(item.name))</title></path>"
        }
        svg += xTicks(NiceScale(minX, maxX, maxTicks: 7), within: minX...maxX, unit: xUnit, x: x)
        return svg + "</svg>"
    }

    /// Points (x, y), with optional axis units.
    static func scatter(title: String, points: [(Double, Double)], xUnit: String, yUnit: String,
                        yFormat: ((Double) -> String)? = nil) -> String {
        guard !points.isEmpty, let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
              let low = points.map(\.1).min(), let high = points.map(\.1).max() else { return empty(title) }
        let scale = NiceScale(low, high)
        let xScale = NiceScale(min(0, minX), maxX)
        let plotWidth = width - left - right
        func x(_ value: Double) -> Double { left + plotWidth * (value - xScale.minimum) / max(1e-9, xScale.maximum - xScale.minimum) }
        let y = yPosition(scale)
        var svg = open(title) + axes(scale, unit: yUnit, y: y, format: yFormat)
        svg += points.prefix(2000).html { point in
            String(format: "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", x(point.0), y(point.1))
        }
        svg += xTicks(xScale, within: xScale.minimum...xScale.maximum, unit: xUnit, x: x)
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
    static func boxes(title: String, boxes: [Box], unit: String, format: ((Double) -> String)? = nil) -> String {
        guard !boxes.isEmpty, let low = boxes.map(\.lower).min(), let high = boxes.map(\.upper).max() else { return empty(title) }
        let scale = NiceScale(low, high)
        let plotWidth = width - left - right
        let slot = plotWidth / Double(boxes.count)
        let y = yPosition(scale)
        var svg = open(title) + axes(scale, unit: unit, y: y, format: format)
        for (index, box) in boxes.enumerated() {
            let center = left + slot * (Double(index) + 0.5), half = slot * 0.22
            let median = format?(box.median) ?? scale.label(box.median)
            svg += "<g class=\"box\" tabindex=\"0\"><title>\(HTML.escape(box.label)): \(HTML.escape(median)) (\(box.count))</title>"
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", center, center, y(box.upper), y(box.lower))
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", center - half, y(box.thirdQuartile),
                          half * 2, max(1, y(box.firstQuartile) - y(box.thirdQuartile)))
            svg += String(format: "<line class=\"median\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/></g>", center - half, center + half,
                          y(box.median), y(box.median))
        }
        svg += xLabels(boxes.map(\.label)) { left + slot * (Double($0) + 0.5) }
        return svg + "</svg>"
    }

    /// Labels under the x axis at the scale's ticks inside `range`, the last with the unit.
    static func xTicks(_ scale: NiceScale, within range: ClosedRange<Double>, unit: String, x: (Double) -> Double) -> String {
        let ticks = scale.ticks.filter { range.contains($0) }
        return ticks.html { value in
            String(format: "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%@</text>", x(value), height - 8,
                   HTML.escape(scale.label(value) + (value == ticks.last ? " " + unit : "")))
        }
    }
}

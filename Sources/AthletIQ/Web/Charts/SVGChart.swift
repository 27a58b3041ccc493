import Foundation

/// Charts drawn as SVG on the server: axes, units and an accessible title; no JavaScript needed.
enum SVGChart {
    struct Series {
        var name: String
        var cssClass: String
        var values: [Double?]
    }

    static let width = 640.0, height = 240.0
    /// Room for the y labels on the left, for the unit and legend line above the plot and the x
    /// labels below it, at the text sizes of a phone (24 units).
    static let left = 60.0, right = 12.0, top = 34.0, bottom = 30.0

    /// A horizontal stretch of values shaded behind the lines (form's fresh or overreaching zone).
    struct Band {
        var low: Double
        var high: Double
        var cssClass: String
        var label: String
    }

    /// Lines over shared x labels (e.g. days), over shaded `bands`.
    static func line(title: String, labels: [String], series: [Series], unit: String, bands: [Band] = []) -> String {
        let all = series.flatMap { $0.values.compactMap { $0 } }
        guard !labels.isEmpty, let low = all.min(), let high = all.max() else { return empty(title) }
        let scale = NiceScale(min(0, low), high)
        let plotWidth = width - left - right
        func x(_ index: Int) -> Double { left + plotWidth * Double(index) / Double(max(1, labels.count - 1)) }
        let y = yPosition(scale)
        var svg = open(title)
        for band in bands {
            let top = y(min(band.high, scale.maximum)), bottom = y(max(band.low, scale.minimum))
            guard bottom - top > 0.5 else { continue }
            svg += String(format: "<rect class=\"%@\" x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\"><title>%@</title></rect>",
                          band.cssClass, left, top, plotWidth, bottom - top, HTML.escape(band.label))
        }
        svg += axes(scale, unit: unit, y: y)
        for item in series {
            var path = ""
            for (index, value) in item.values.enumerated() {
                guard let value else { continue }
                path += (path.isEmpty ? "M" : "L") + String(format: "%.1f,%.1f", x(index), y(value))
            }
            svg += "<path class=\"\(item.cssClass)\" d=\"\(path)\" fill=\"none\"><title>\(HTML.escape(item.name))</title></path>"
        }
        svg += xLabels(labels, x: x)
        svg += legend(series.map { ($0.name, $0.cssClass) })
        return svg + "</svg>"
    }

    /// Bars, one per label.
    static func bars(title: String, labels: [String], values: [Double], unit: String, format: (Double) -> String) -> String {
        guard !values.isEmpty, let high = values.max(), high > 0 else { return empty(title) }
        let scale = NiceScale(0, high)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(values.count)
        let y = yPosition(scale)
        var svg = open(title)
        svg += axes(scale, unit: unit, y: y)
        for (index, value) in values.enumerated() {
            let barX = left + slot * Double(index) + slot * 0.15
            let barY = y(value)
            svg += String(format: "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" tabindex=\"0\">", barX, barY, slot * 0.7, max(0, top + plotHeight - barY))
            svg += "<title>\(HTML.escape(labels[index])): \(HTML.escape(format(value)))</title></rect>"
        }
        svg += xLabels(labels) { left + slot * (Double($0) + 0.5) }
        return svg + "</svg>"
    }

    static func open(_ title: String, attributes: String = "") -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\""
            + (attributes.isEmpty ? "" : " " + attributes) + "><title>\(HTML.escape(title))</title>"
    }

    static func empty(_ title: String) -> String {
        open(title) + "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\" class=\"muted\">–</text></svg>"
    }

    /// The plot's vertical position of a value on `scale`.
    static func yPosition(_ scale: NiceScale) -> (Double) -> Double {
        let plotHeight = height - top - bottom
        return { value in top + plotHeight * (1 - (value - scale.minimum) / max(1e-9, scale.maximum - scale.minimum)) }
    }

    /// Grid lines and labels at the scale's nice ticks.
    static func axes(_ scale: NiceScale, unit: String, y: (Double) -> Double, format: ((Double) -> String)? = nil) -> String {
        var svg = ""
        for value in scale.ticks {
            let lineY = y(value)
            svg += String(format: "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, width - right, lineY, lineY)
            let text = format?(value) ?? scale.label(value)
            svg += String(format: "<text class=\"axis\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 6, lineY + 4, HTML.escape(text))
        }
        // The unit in the top right corner, clear of the y labels and of a legend on the left.
        svg += String(format: "<text class=\"axis\" x=\"%.0f\" y=\"20\" text-anchor=\"end\">%@</text>", width - right, HTML.escape(unit))
        return svg
    }

    static func xLabels(_ labels: [String], x: (Int) -> Double) -> String {
        let every = max(1, labels.count / 6)
        // Counted back from the last label (today, on a chart of days), which is always shown;
        // labels at the edges end or start there instead of being cut in half.
        // Every other one is `alt`: phones, whose text is larger, show only the others.
        return labels.enumerated().filter { (labels.count - 1 - $0.offset) % every == 0 }.html { index, label in
            let position = x(index)
            let anchor = position > width - right - 40 ? "end" : position < left + 30 ? "start" : "middle"
            let alt = (labels.count - 1 - index) / every % 2 == 1 ? " alt" : ""
            return String(format: "<text class=\"axis%@\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"%@\">%@</text>",
                          alt, position, height - 8, anchor, HTML.escape(label))
        }
    }

    static func legend(_ items: [(String, String)]) -> String {
        items.enumerated().html { index, item in
            let x = left + 8 + Double(index) * 110
            return String(format: "<rect class=\"%@\" x=\"%.0f\" y=\"10\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"%.0f\" y=\"20\">%@</text>",
                          item.1 + " swatch", x, x + 14, HTML.escape(item.0))
        }
    }
}

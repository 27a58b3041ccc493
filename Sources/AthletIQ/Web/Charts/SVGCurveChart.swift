import Foundation

/// Duration curves: values over a logarithmic x (one second to five hours, 100 m to the
/// marathon), each point a link to the activity it came from.
extension SVGChart {
    struct CurvePoint {
        var x: Double
        var y: Double
        /// Where a click on the point goes, and what its tooltip says.
        var link: String?
        var label: String
    }

    struct CurveSeries {
        var name: String
        var cssClass: String
        var points: [CurvePoint]
    }

    /// `ticks` are the x values labelled (on the log scale); `inverted` puts low values on top
    /// (pace: faster is higher).
    static func curve(title: String, series: [CurveSeries], ticks: [(x: Double, label: String)], unit: String,
                      inverted: Bool = false, format: @escaping (Double) -> String) -> String {
        let xs = series.flatMap { $0.points.map(\.x) }.filter { $0 > 0 && $0.isFinite }
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        guard let minX = xs.min(), let maxX = xs.max(), maxX > minX, let low = ys.min(), let high = ys.max() else { return empty(title) }
        let scale = NiceScale(inverted ? low : min(0, low), high)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let (logMin, logMax) = (log10(minX), log10(maxX))
        func x(_ value: Double) -> Double { left + plotWidth * (log10(value) - logMin) / (logMax - logMin) }
        let upright = yPosition(scale)
        let y: (Double) -> Double = inverted ? { top + plotHeight - (upright($0) - top) } : upright
        var svg = open(title) + axes(scale, unit: unit, y: y, format: format)
        for tick in ticks where tick.x >= minX && tick.x <= maxX {
            let tickX = x(tick.x)
            svg += String(format: "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\"/>", tickX, tickX, top, top + plotHeight)
            svg += String(format: "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%@</text>", tickX, height - 8, HTML.escape(tick.label))
        }
        for item in series {
            let points = item.points.filter { $0.x > 0 && $0.x.isFinite && $0.y.isFinite }
            let path = points.enumerated().map { index, point in
                (index == 0 ? "M" : "L") + String(format: "%.1f,%.1f", x(point.x), y(point.y))
            }.joined()
            svg += "<path class=\"\(item.cssClass)\" d=\"\(path)\" fill=\"none\"><title>\(HTML.escape(item.name))</title></path>"
            for point in points {
                let dot = String(format: "<circle class=\"%@ dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"><title>%@</title></circle>",
                                 item.cssClass, x(point.x), y(point.y), HTML.escape(point.label))
                svg += point.link.map { "<a href=\"\(HTML.escape($0))\">\(dot)</a>" } ?? dot
            }
        }
        svg += legend(series.map { ($0.name, $0.cssClass) })
        return svg + "</svg>"
    }
}

import Foundation

/// The route of an activity drawn as SVG from its coordinates (no map tiles needed).
enum RouteMap {
    static func svg(latitudes: [Double], longitudes: [Double], title: String, size: Double = 320) -> String? {
        let points = zip(latitudes, longitudes).filter { !$0.0.isNaN && !$0.1.isNaN }
        guard points.count >= 2, let minLat = points.map(\.0).min(), let maxLat = points.map(\.0).max(),
              let minLon = points.map(\.1).min(), let maxLon = points.map(\.1).max() else { return nil }
        // Equirectangular: a degree of longitude shrinks with the cosine of the latitude.
        let scaleX = cos((minLat + maxLat) / 2 * .pi / 180)
        let width = max(1e-9, (maxLon - minLon) * scaleX), height = max(1e-9, maxLat - minLat)
        let scale = (size - 20) / max(width, height)
        let step = max(1, points.count / 1500)
        var path = ""
        for (index, point) in points.enumerated() where index % step == 0 || index == points.count - 1 {
            let x = 10 + (point.1 - minLon) * scaleX * scale
            let y = 10 + (maxLat - point.0) * scale
            path += (path.isEmpty ? "M" : "L") + String(format: "%.1f,%.1f", x, y)
        }
        let w = width * scale + 20, h = height * scale + 20
        let start = path.dropFirst().split(separator: "L").first ?? ""
        let end = path.split(separator: "L").last ?? ""
        let startXY = start.split(separator: ","), endXY = end.split(separator: ",")
        var svg = String(format: "<svg class=\"route\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%@\"><title>%@</title>", w, h, HTML.escape(title), HTML.escape(title))
        svg += "<path d=\"\(path)\" fill=\"none\" class=\"track\"/>"
        if startXY.count == 2 { svg += "<circle class=\"start\" cx=\"\(startXY[0])\" cy=\"\(startXY[1])\" r=\"5\"/>" }
        if endXY.count == 2 { svg += "<circle class=\"finish\" cx=\"\(endXY[0])\" cy=\"\(endXY[1])\" r=\"5\"/>" }
        return svg + "</svg>"
    }

    /// The route ready for the map script: the drawing (shown as it is without JavaScript or
    /// tiles) inside a box that carries the tile address and the route's points.
    static func tiled(_ svg: String, latitudes: [Double], longitudes: [Double], tiles: String?, attribution: String,
                      zoomIn: String = "Zoom in", zoomOut: String = "Zoom out") -> String {
        guard let tiles else { return svg }
        let points = zip(latitudes, longitudes).filter { $0.0.isFinite && $0.1.isFinite && abs($0.0) <= 85 && abs($0.1) <= 180 }
        let step = max(1, points.count / 600)
        let route = points.enumerated().filter { $0.offset % step == 0 || $0.offset == points.count - 1 }
            .map { String(format: "%.5f,%.5f", $0.element.0, $0.element.1) }.joined(separator: ";")
        return "<div class=\"map\" data-tiles=\"\(HTML.escape(tiles))\" data-route=\"\(route)\" data-attribution=\"\(HTML.escape(attribution))\" "
            + "data-zoom-in=\"\(HTML.escape(zoomIn))\" data-zoom-out=\"\(HTML.escape(zoomOut))\">\(svg)</div>"
    }
}

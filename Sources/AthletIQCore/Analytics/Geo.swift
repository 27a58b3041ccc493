import Foundation

/// Distances on the Earth.
public enum Geo {
    public static let earthRadius = 6_371_008.8

    /// Great-circle distance in metres between two points in degrees (haversine).
    public static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let φ1 = lat1 * .pi / 180, φ2 = lat2 * .pi / 180
        let dφ = φ2 - φ1, dλ = (lon2 - lon1) * .pi / 180
        let a = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * earthRadius * asin(min(1, sqrt(a)))
    }

    /// Distance between two close points (consecutive track points): the equirectangular
    /// projection, one cosine instead of the haversine's five trigonometric calls; for points metres
    /// apart the two differ by less than a millionth.
    @inline(__always)
    public static func stepDistance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let x = (lon2 - lon1) * .pi / 180 * cos((lat1 + lat2) / 2 * .pi / 180)
        let y = (lat2 - lat1) * .pi / 180
        let short = earthRadius * (x * x + y * y).squareRoot()
        // Far-apart points (a gap in the recording) get the exact formula.
        return short < 20_000 ? short : distance(lat1, lon1, lat2, lon2)
    }

    /// Cumulative distance along a track, skipping samples without a position.
    public static func cumulativeDistance(latitudes: [Double], longitudes: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: latitudes.count)
        var total = 0.0
        var previous: (Double, Double)?
        for index in 0..<min(latitudes.count, longitudes.count) {
            let lat = latitudes[index], lon = longitudes[index]
            guard !lat.isNaN, !lon.isNaN else { continue }
            if let (plat, plon) = previous { total += stepDistance(plat, plon, lat, lon) }
            previous = (lat, lon)
            result[index] = total
        }
        return result
    }
}

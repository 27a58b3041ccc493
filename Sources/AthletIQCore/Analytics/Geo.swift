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

    /// Cumulative distance along a track, skipping samples without a position.
    public static func cumulativeDistance(latitudes: [Double], longitudes: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: latitudes.count)
        var total = 0.0
        var previous: (Double, Double)?
        for index in 0..<min(latitudes.count, longitudes.count) {
            let lat = latitudes[index], lon = longitudes[index]
            guard !lat.isNaN, !lon.isNaN else { continue }
            if let (plat, plon) = previous { total += distance(plat, plon, lat, lon) }
            previous = (lat, lon)
            result[index] = total
        }
        return result
    }
}

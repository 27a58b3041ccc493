import Foundation

/// Realistic made-up activities (a run or ride on a random route with hills, heart rate and
/// cadence), reproducible from a seed: for benchmarks and load tests.
public enum SyntheticActivity {
    public static func make(seed: UInt64, start: Date, seconds: Int, sport: Sport = .run) -> DecodedActivity {
        var random = SplitMix64(seed: seed)
        var activity = DecodedActivity(format: .fit)
        activity.sport = sport
        activity.startTime = start
        var builder = SampleSeriesBuilder(capacity: seconds)
        var lat = 45.0 + random.unit() * 2, lon = 5.0 + random.unit() * 2
        var heading = random.unit() * 2 * .pi
        var altitude = 200 + random.unit() * 800
        var distance = 0.0
        let baseSpeed = sport.family == .cycling ? 7.5 : 3.0
        var heartRate = 100.0
        for second in 0..<max(1, seconds) {
            heading += (random.unit() - 0.5) * 0.1
            let grade = sin(Double(second) / 300) * 0.06
            let speed = max(0.5, baseSpeed * (1 - grade * 4) + (random.unit() - 0.5) * 0.4)
            distance += speed
            lat += cos(heading) * speed / 111_320
            lon += sin(heading) * speed / (111_320 * cos(lat * .pi / 180))
            altitude += grade * speed
            heartRate += ((130 + grade * 400 + Double(second) / 200) - heartRate) * 0.05 + (random.unit() - 0.5)
            var row = SampleRow()
            row.time = start.timeIntervalSince1970 + Double(second)
            row.latitude = lat
            row.longitude = lon
            row.altitude = altitude
            row.distance = distance
            row.speed = speed
            row.heartRate = heartRate.rounded()
            row.cadence = (sport.family == .cycling ? 88 : 85) + (random.unit() * 6).rounded()
            if sport.family == .cycling { row.power = (180 + grade * 1500 + random.unit() * 30).rounded() }
            builder.append(row)
        }
        activity.samples = builder.build()
        var session = ActivitySummary()
        session.sport = sport
        session.startTime = start
        session.endTime = start.addingTimeInterval(Double(seconds - 1))
        session.elapsedTime = Double(seconds - 1)
        session.timerTime = Double(seconds - 1)
        session.distance = distance
        let gain = ElevationGain.gainAndLoss(activity.samples[.altitude] ?? [])
        session.ascent = gain.gain.rounded()
        session.descent = gain.loss.rounded()
        let heartRates = activity.samples[.heartRate] ?? []
        session.averageHeartRate = (heartRates.reduce(0, +) / Double(max(1, heartRates.count))).rounded()
        session.maxHeartRate = heartRates.max()
        activity.sessions = [session]
        return activity
    }
}

/// A small, fast, seedable random number generator.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

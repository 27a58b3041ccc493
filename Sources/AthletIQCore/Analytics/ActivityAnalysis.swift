import Foundation

/// Everything computed about one activity from its samples (SI units: s, m, m/s).
public struct ActivityAnalysis: Sendable, Codable, Equatable {
    public struct Split: Sendable, Codable, Equatable {
        public var index: Int
        public var distance: Double
        public var movingTime: Double
        public var elapsedTime: Double
        public var speed: Double
        public var gradeAdjustedSpeed: Double?
        public var elevationGain: Double
        public var elevationLoss: Double
        public var averageHeartRate: Double?

        public init(index: Int, distance: Double, movingTime: Double, elapsedTime: Double, speed: Double,
                    gradeAdjustedSpeed: Double?, elevationGain: Double, elevationLoss: Double, averageHeartRate: Double?) {
            self.index = index
            self.distance = distance
            self.movingTime = movingTime
            self.elapsedTime = elapsedTime
            self.speed = speed
            self.gradeAdjustedSpeed = gradeAdjustedSpeed
            self.elevationGain = elevationGain
            self.elevationLoss = elevationLoss
            self.averageHeartRate = averageHeartRate
        }
    }

    public struct ZoneTime: Sendable, Codable, Equatable {
        public var zone: Zone
        public var seconds: Double
    }

    public var movingTime: Double
    public var elapsedTime: Double
    public var distance: Double?
    public var averageSpeed: Double?
    public var maxSpeed: Double?
    public var gradeAdjustedSpeed: Double?
    public var ascent: Double?
    public var descent: Double?
    public var averageHeartRate: Double?
    public var maxHeartRate: Double?
    /// Aerobic decoupling, percent: how much the speed per heartbeat fell from the first half to the second.
    public var heartRateDrift: Double?
    public var heartRateZones: [ZoneTime]
    public var paceZones: [ZoneTime]
    public var powerZones: [ZoneTime]
    public var splitsKilometre: [Split]
    public var splitsMile: [Split]
    public var bestEfforts: [BestEfforts.Effort]
    /// The activity's duration curves (see `DurationCurves`), when it has power or is paced.
    public var powerCurve: [DurationCurves.Point]?
    public var paceCurve: [DurationCurves.Point]?
    public var normalizedPower: Double?
    public var intensityFactor: Double?
    public var powerStress: Double?
    public var trimpBanister: Double?
    public var trimpEdwards: Double?
    public var heartRateStress: Double?
    public var runningStress: Double?
    /// The training load used for fitness: power stress, else running stress, else heart-rate
    /// stress, else Banister TRIMP.
    public var load: Double?
    public var loadSource: String?
}

/// Computes an `ActivityAnalysis`.
public enum ActivityAnalyzer {
    /// Below this speed (m/s) the athlete is stopped.
    public static func movingThreshold(_ sport: Sport) -> Double {
        switch sport.family {
        case .cycling: return 1.0
        case .walking: return 0.3
        case .swimming: return 0.1
        default: return 0.5
        }
    }

    /// A gap between samples longer than this (s) is a pause unless the athlete moved through it.
    public static let maxGap = 10.0

    /// Faster than this (m/s) across a gap, the athlete was carried (a car, a train), not moving.
    public static func plausibleSpeed(_ sport: Sport) -> Double {
        switch sport.family {
        case .cycling: return 30
        case .running, .walking: return 12
        case .swimming: return 4
        default: return 40
        }
    }

    public static func analyze(_ input: SampleSeries, sport: Sport, parameters: AthleteParameters) -> ActivityAnalysis {
        let samples = sanitized(input)
        let count = samples.count
        let times = samples[.time] ?? []
        let hasTime = times.count == count && count > 1
        let distances = samples[.distance]
            ?? (samples[.latitude].flatMap { lats in samples[.longitude].map { Geo.cumulativeDistance(latitudes: lats, longitudes: $0) } })
        let altitudes = samples[.altitude]
        let heartRates = samples[.heartRate]
        let power = samples[.power]

        // Per interval: duration, distance, moving or not.
        var movingTime = 0.0, movingDistance = 0.0
        var moving = [Bool](repeating: false, count: max(0, count - 1))
        var intervalDistance = [Double](repeating: 0, count: max(0, count - 1))
        let threshold = movingThreshold(sport)
        // The time each interval stands for in time-weighted figures (zones, averages, loads):
        // its length when moving, whatever the sampling (smart recording writes a point every
        // 1-30 s); its length when stopped briefly; nothing for a pause.
        var weights = [Double](repeating: 0, count: max(0, count - 1))
        let carried = plausibleSpeed(sport)
        if hasTime, count > 1 {
            for index in 0..<(count - 1) {
                let dt = times[index + 1] - times[index]
                guard dt > 0, dt.isFinite else { continue }
                var dd = 0.0
                if let distances, !distances[index].isNaN, !distances[index + 1].isNaN { dd = max(0, distances[index + 1] - distances[index]) }
                intervalDistance[index] = dd
                // Within a short interval the device's speed says whether the athlete moved;
                // across a longer gap, only the distance covered does (a gap is a pause only when
                // the athlete did not move through it).
                let speed = dt <= maxGap ? (samples.value(.speed, at: index) ?? dd / dt) : dd / dt
                if speed >= threshold, dt <= maxGap || dd / dt <= carried {
                    moving[index] = true; movingTime += dt; movingDistance += dd
                    weights[index] = dt
                } else if dt <= maxGap {
                    weights[index] = dt
                }
            }
        }
        let firstTime = times.first { !$0.isNaN }, lastTime = times.last { !$0.isNaN }
        let elapsed = (firstTime != nil && lastTime != nil) ? lastTime! - firstTime! : 0
        let totalDistance = distances?.last { !$0.isNaN }

        // Grades over at least 20 m of horizontal distance, on smoothed altitude.
        var grades = [Double](repeating: 0, count: max(0, count - 1))
        if let altitudes, let distances, count > 1 {
            let smoothed = smooth(altitudes)
            var ahead = 0
            for index in 0..<(count - 1) {
                guard !smoothed[index].isNaN, !distances[index].isNaN else { continue }
                ahead = max(ahead, index + 1)
                while ahead < count - 1 && (distances[ahead].isNaN || distances[ahead] - distances[index] < 20) { ahead += 1 }
                let run = distances[ahead] - distances[index]
                if run >= 5, !smoothed[ahead].isNaN { grades[index] = (smoothed[ahead] - smoothed[index]) / run }
            }
        }
        var equivalentDistance = 0.0
        for index in 0..<max(0, count - 1) where moving[index] {
            equivalentDistance += intervalDistance[index] * Minetti.factor(grade: grades[index])
        }

        var analysis = ActivityAnalysis(
            movingTime: movingTime, elapsedTime: elapsed, distance: totalDistance,
            averageSpeed: movingTime > 0 ? movingDistance / movingTime : nil,
            maxSpeed: maxRollingSpeed(samples, intervalDistance: intervalDistance, times: times),
            gradeAdjustedSpeed: sport.usesPace && movingTime > 0 && altitudes != nil ? equivalentDistance / movingTime : nil,
            ascent: nil, descent: nil,
            averageHeartRate: timeWeightedMean(heartRates, weights: weights),
            maxHeartRate: heartRates?.filter { !$0.isNaN }.max(),
            heartRateDrift: nil, heartRateZones: [], paceZones: [], powerZones: [],
            splitsKilometre: [], splitsMile: [], bestEfforts: [])
        if let altitudes {
            let (gain, loss) = ElevationGain.gainAndLoss(altitudes)
            analysis.ascent = gain
            analysis.descent = loss
        }
        analysis.heartRateDrift = drift(heartRates: heartRates, times: times, moving: moving, intervalDistance: intervalDistance)
        if let distances, hasTime {
            analysis.splitsKilometre = splits(every: 1000, times: times, distances: distances, altitudes: altitudes,
                                              heartRates: heartRates, moving: moving, grades: grades)
            analysis.splitsMile = splits(every: 1609.344, times: times, distances: distances, altitudes: altitudes,
                                         heartRates: heartRates, moving: moving, grades: grades)
            if sport.usesPace {
                let plausible = plausibleDistances(times: times, distances: distances, maxSpeed: plausibleSpeed(sport))
                analysis.bestEfforts = BestEfforts.fastest(times: times, distances: plausible)
                analysis.paceCurve = DurationCurves.pace(times: times, distances: plausible)
            }
        }
        if let power, hasTime {
            analysis.bestEfforts += BestEfforts.bestPower(times: times, power: power)
            analysis.powerCurve = DurationCurves.power(times: times, power: power)
            // Over moving time, as devices do: a café stop does not fill the rolling average with zeros.
            analysis.normalizedPower = TrainingLoad.normalizedPower(movingGrid(power, times: times, moving: moving))
        }
        var gradedSpeeds = [Double](repeating: .nan, count: count)
        for index in 0..<max(0, count - 1) where moving[index] {
            let dt = times[index + 1] - times[index]
            gradedSpeeds[index] = intervalDistance[index] * Minetti.factor(grade: grades[index]) / dt
        }
        let normalizedGradedSpeed = sport.usesPace && hasTime
            ? TrainingLoad.normalizedPower(movingGrid(gradedSpeeds, times: times, moving: moving)) : nil
        applyZonesAndLoad(&analysis, samples: samples, sport: sport, parameters: parameters, weights: weights,
                          normalizedGradedSpeed: normalizedGradedSpeed)
        return analysis
    }

    static func applyZonesAndLoad(_ analysis: inout ActivityAnalysis, samples: SampleSeries, sport: Sport,
                                  parameters: AthleteParameters, weights: [Double], normalizedGradedSpeed: Double?) {
        let duration = analysis.movingTime > 0 ? analysis.movingTime : analysis.elapsedTime
        if let heartRates = samples[.heartRate], let maxHR = parameters.maxHeartRate {
            let rest = parameters.restingHeartRate ?? 60
            let zones = Zones.heartRate(for: parameters)?.zones ?? Zones.heartRate(max: maxHR, resting: rest)
            analysis.heartRateZones = zip(zones, Zones.timeIn(zones, values: heartRates, weights: weights)).map { .init(zone: $0, seconds: $1) }
            analysis.trimpBanister = TrainingLoad.banisterTRIMP(heartRates: heartRates, weights: weights, maxHR: maxHR, restHR: rest, sex: parameters.sex)
            analysis.trimpEdwards = TrainingLoad.edwardsTRIMP(heartRates: heartRates, weights: weights, maxHR: maxHR)
            if let average = analysis.averageHeartRate, let lthr = parameters.lactateThresholdHeartRate {
                analysis.heartRateStress = TrainingLoad.heartRateStress(seconds: duration, averageHR: average, maxHR: maxHR, restHR: rest, thresholdHR: lthr)
            }
        }
        if let speeds = samples[.speed] ?? derivedSpeeds(samples), let threshold = parameters.thresholdSpeed, sport.usesPace {
            let zones = Zones.pace(thresholdSpeed: threshold)
            analysis.paceZones = zip(zones, Zones.timeIn(zones, values: speeds, weights: weights)).map { .init(zone: $0, seconds: $1) }
            // Normalized graded pace, as power has its normalized power: a variable run costs more
            // than its average pace says.
            if let gap = normalizedGradedSpeed ?? analysis.gradeAdjustedSpeed ?? analysis.averageSpeed, threshold > 0 {
                analysis.runningStress = TrainingLoad.stressScore(seconds: duration, intensity: gap / threshold)
            }
        }
        if let power = samples[.power], let ftp = parameters.ftp, ftp > 0 {
            let zones = Zones.power(ftp: ftp)
            analysis.powerZones = zip(zones, Zones.timeIn(zones, values: power, weights: weights)).map { .init(zone: $0, seconds: $1) }
            if let np = analysis.normalizedPower {
                analysis.intensityFactor = np / ftp
                analysis.powerStress = TrainingLoad.stressScore(seconds: duration, intensity: np / ftp)
            }
        }
        if let value = analysis.powerStress { analysis.load = value; analysis.loadSource = "power" }
        else if let value = analysis.runningStress { analysis.load = value; analysis.loadSource = "pace" }
        else if let value = analysis.heartRateStress { analysis.load = value; analysis.loadSource = "heart_rate" }
        else if let value = analysis.trimpBanister { analysis.load = value; analysis.loadSource = "trimp" }
    }

    static func smooth(_ values: [Double]) -> [Double] {
        guard values.count > 2 else { return values }
        var result = values
        for index in 1..<(values.count - 1) where !values[index - 1].isNaN && !values[index].isNaN && !values[index + 1].isNaN {
            result[index] = values[index - 1] * 0.3 + values[index] * 0.4 + values[index + 1] * 0.3
        }
        return result
    }

    static func derivedSpeeds(_ samples: SampleSeries) -> [Double]? {
        guard let times = samples[.time], let distances = samples[.distance], samples.count > 1 else { return nil }
        // The speed of each interval, at its first sample (where its weight is counted).
        var speeds = [Double](repeating: .nan, count: samples.count)
        for index in 1..<samples.count {
            let dt = times[index] - times[index - 1]
            if dt > 0 { speeds[index - 1] = max(0, distances[index] - distances[index - 1]) / dt }
        }
        return speeds
    }

    /// The highest speed held over about five seconds (single-sample GPS spikes do not count).
    static func maxRollingSpeed(_ samples: SampleSeries, intervalDistance: [Double], times: [Double]) -> Double? {
        guard times.count == samples.count, samples.count > 5 else { return samples[.speed]?.filter { !$0.isNaN }.max() }
        var best = 0.0
        var start = 0
        var distance = 0.0
        for end in 0..<intervalDistance.count {
            distance += intervalDistance[end]
            while start < end && times[end + 1] - times[start] > 5 {
                distance -= intervalDistance[start]
                start += 1
            }
            let span = times[end + 1] - times[start]
            if span >= 4, span <= 6 { best = max(best, distance / span) }
        }
        return best > 0 ? best : samples[.speed]?.filter { !$0.isNaN }.max()
    }

    static func timeWeightedMean(_ values: [Double]?, weights: [Double]) -> Double? {
        guard let values else { return nil }
        var sum = 0.0, weight = 0.0
        for index in 0..<min(weights.count, values.count) where !values[index].isNaN && weights[index] > 0 {
            sum += values[index] * weights[index]
            weight += weights[index]
        }
        if weight > 0 { return sum / weight }
        let present = values.filter { !$0.isNaN }
        return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    }

    /// Cumulative distances without the stretches no athlete of the sport could cover: a GPS jump
    /// of 184 m in 2 s made a 400 m "record" of 28.7 s. Such an interval adds no distance, so best
    /// efforts come only from plausible stretches.
    static func plausibleDistances(times: [Double], distances: [Double], maxSpeed: Double) -> [Double] {
        guard times.count == distances.count, distances.count > 1 else { return distances }
        var result = distances
        var removed = 0.0
        var previous = 0
        while previous < distances.count && distances[previous].isNaN { previous += 1 }
        guard previous < distances.count else { return distances }
        for index in (previous + 1)..<distances.count where !distances[index].isNaN {
            let dt = times[index] - times[previous], dd = distances[index] - distances[previous]
            if dt > 0, dd > 0, dd / dt > maxSpeed, dd > 10 { removed += dd }
            result[index] = distances[index] - removed
            previous = index
        }
        return result
    }

    /// The values of the moving intervals on a one-second grid, each held for its interval's
    /// length: rolling averages run over moving time, pauses and stops left out.
    static func movingGrid(_ values: [Double], times: [Double], moving: [Bool], maxSeconds: Int = 400_000) -> [Double] {
        var grid: [Double] = []
        var carry = 0.0
        for index in 0..<min(moving.count, values.count) where moving[index] {
            let dt = times[index + 1] - times[index] + carry
            let seconds = Int(dt.rounded(.down))
            carry = dt - Double(seconds)
            let value = values[index].isNaN ? 0 : values[index]
            guard grid.count + seconds <= maxSeconds else { break }
            grid.append(contentsOf: repeatElement(value, count: seconds))
        }
        return grid
    }

    /// Values a file can carry that are not measurements: non-finite numbers, a heart rate of 0
    /// (a strap that lost contact), negative power or cadence. They become missing values.
    static func sanitized(_ samples: SampleSeries) -> SampleSeries {
        var columns = samples.columns
        var changed = false
        for (channel, values) in samples.columns {
            let valid: (Double) -> Bool
            switch channel {
            case .heartRate: valid = { $0 >= 20 && $0 <= 250 }
            case .power: valid = { $0 >= 0 && $0 <= 3000 }
            case .cadence, .speed, .distance: valid = { $0 >= 0 && $0.isFinite }
            case .altitude: valid = { $0 > -1000 && $0 < 10_000 }
            default: valid = { $0.isFinite }
            }
            guard values.contains(where: { !$0.isNaN && !valid($0) }) else { continue }
            columns[channel] = values.map { $0.isNaN || valid($0) ? $0 : .nan }
            changed = true
        }
        return changed ? SampleSeries(count: samples.count, columns: columns) : samples
    }

    /// Aerobic decoupling between the first and second half of the moving time.
    static func drift(heartRates: [Double]?, times: [Double], moving: [Bool], intervalDistance: [Double]) -> Double? {
        guard let heartRates, times.count == heartRates.count, moving.count > 20 else { return nil }
        let total = zip(moving.indices, moving).filter { $0.1 }.reduce(0.0) { $0 + (times[$1.0 + 1] - times[$1.0]) }
        guard total >= 1200 else { return nil } // under 20 minutes, drift says little
        var halves = [(time: 0.0, distance: 0.0, beats: 0.0), (time: 0.0, distance: 0.0, beats: 0.0)]
        var elapsed = 0.0
        for index in moving.indices where moving[index] && !heartRates[index].isNaN {
            let dt = times[index + 1] - times[index]
            let half = elapsed < total / 2 ? 0 : 1
            halves[half].time += dt
            halves[half].distance += intervalDistance[index]
            halves[half].beats += heartRates[index] * dt
            elapsed += dt
        }
        guard halves[0].beats > 0, halves[1].beats > 0, halves[0].time > 0, halves[1].time > 0 else { return nil }
        let first = (halves[0].distance / halves[0].time) / (halves[0].beats / halves[0].time)
        let second = (halves[1].distance / halves[1].time) / (halves[1].beats / halves[1].time)
        guard first > 0 else { return nil }
        return (first - second) / first * 100
    }

    static func splits(every length: Double, times: [Double], distances: [Double], altitudes: [Double]?, heartRates: [Double]?,
                       moving: [Bool], grades: [Double]) -> [ActivityAnalysis.Split] {
        var result: [ActivityAnalysis.Split] = []
        guard times.count == distances.count, times.count > 1 else { return result }
        var splitStart = 0
        var movingTime = 0.0, equivalent = 0.0, gain = 0.0, loss = 0.0, beats = 0.0, beatTime = 0.0
        var splitStartDistance = distances.first { !$0.isNaN } ?? 0
        var splitStartTime = times[0]
        let smoothed = altitudes.map(smooth)
        for index in 0..<(times.count - 1) {
            let dt = times[index + 1] - times[index]
            let d0 = distances[index], d1 = distances[index + 1]
            guard !d0.isNaN, !d1.isNaN, !dt.isNaN else { continue }
            if moving[index] {
                movingTime += dt
                equivalent += max(0, d1 - d0) * Minetti.factor(grade: grades[index])
                if let hr = heartRates?[index], !hr.isNaN { beats += hr * dt; beatTime += dt }
            }
            if let smoothed, !smoothed[index].isNaN, !smoothed[index + 1].isNaN {
                let delta = smoothed[index + 1] - smoothed[index]
                if delta > 0 { gain += delta } else { loss -= delta }
            }
            let covered = d1 - splitStartDistance
            if covered >= length {
                // Close the split where the distance reaches its end, interpolating the time.
                let fraction = d1 > d0 ? (splitStartDistance + length - d0) / (d1 - d0) : 1
                let endTime = times[index] + fraction * dt
                let overshoot = (1 - fraction) * (moving[index] ? dt : 0)
                // A split nobody was seen moving through (a recording gap) takes its elapsed time:
                // never a division by a near-zero time.
                let splitMoving = movingTime - overshoot >= 1 ? movingTime - overshoot : max(1, endTime - splitStartTime)
                result.append(ActivityAnalysis.Split(
                    index: result.count + 1, distance: length, movingTime: splitMoving, elapsedTime: endTime - splitStartTime,
                    speed: length / splitMoving, gradeAdjustedSpeed: altitudes != nil ? equivalent / splitMoving : nil,
                    elevationGain: gain, elevationLoss: loss, averageHeartRate: beatTime > 0 ? beats / beatTime : nil))
                splitStartDistance += length
                splitStartTime = endTime
                movingTime = overshoot
                equivalent = 0; gain = 0; loss = 0; beats = 0; beatTime = 0
                splitStart = index + 1
            }
        }
        // The last, partial split.
        let rest = (distances.last { !$0.isNaN } ?? splitStartDistance) - splitStartDistance
        if rest > length * 0.05, movingTime >= 1, splitStart < times.count {
            result.append(ActivityAnalysis.Split(
                index: result.count + 1, distance: rest, movingTime: movingTime, elapsedTime: (times.last ?? splitStartTime) - splitStartTime,
                speed: rest / movingTime, gradeAdjustedSpeed: altitudes != nil ? equivalent / movingTime : nil,
                elevationGain: gain, elevationLoss: loss, averageHeartRate: beatTime > 0 ? beats / beatTime : nil))
        }
        return result
    }
}

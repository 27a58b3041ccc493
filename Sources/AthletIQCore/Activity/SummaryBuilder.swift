import Foundation

/// Works out an activity's totals from its sessions, or from its samples when the file has none
/// (GPX, or FIT files without a session message).
enum SummaryBuilder {
    static func summary(of activity: DecodedActivity) -> ActivitySummary {
        let fromSamples = fromSamples(activity.samples)
        guard !activity.sessions.isEmpty else {
            var summary = fromSamples
            if let totals = activity.totals {
                if let distance = totals.distance { summary.distance = distance }
                if let ascent = totals.ascent { summary.ascent = ascent }
                if let descent = totals.descent { summary.descent = descent }
                if let distance = summary.distance, let time = summary.elapsedTime, time > 0 { summary.averageSpeed = distance / time }
            }
            summary.sport = activity.sport
            if summary.startTime == nil { summary.startTime = activity.startTime }
            return summary
        }
        var total = ActivitySummary()
        let sessions = activity.sessions
        total.sport = activity.sport
        total.startTime = sessions.compactMap(\.startTime).min() ?? activity.startTime ?? fromSamples.startTime
        total.endTime = sessions.compactMap(\.endTime).max() ?? fromSamples.endTime
        total.elapsedTime = sum(sessions.map(\.elapsedTime)) ?? fromSamples.elapsedTime
        total.timerTime = sum(sessions.map(\.timerTime)) ?? fromSamples.timerTime
        total.distance = sum(sessions.map(\.distance)) ?? fromSamples.distance
        total.ascent = sum(sessions.map(\.ascent)) ?? fromSamples.ascent
        total.descent = sum(sessions.map(\.descent)) ?? fromSamples.descent
        total.calories = sum(sessions.map(\.calories))
        total.maxHeartRate = sessions.compactMap(\.maxHeartRate).max() ?? fromSamples.maxHeartRate
        total.maxSpeed = sessions.compactMap(\.maxSpeed).max() ?? fromSamples.maxSpeed
        total.maxCadence = sessions.compactMap(\.maxCadence).max() ?? fromSamples.maxCadence
        total.maxPower = sessions.compactMap(\.maxPower).max() ?? fromSamples.maxPower
        total.averageHeartRate = weighted(sessions, \.averageHeartRate) ?? fromSamples.averageHeartRate
        total.averageCadence = weighted(sessions, \.averageCadence) ?? fromSamples.averageCadence
        total.averagePower = weighted(sessions, \.averagePower) ?? fromSamples.averagePower
        if let distance = total.distance, let time = total.timerTime ?? total.elapsedTime, time > 0 {
            total.averageSpeed = distance / time
        } else {
            total.averageSpeed = weighted(sessions, \.averageSpeed) ?? fromSamples.averageSpeed
        }
        return total
    }

    static func fromSamples(_ samples: SampleSeries) -> ActivitySummary {
        var summary = ActivitySummary()
        guard samples.count > 0 else { return summary }
        if let times = samples[.time]?.filter({ !$0.isNaN }), let first = times.first, let last = times.last {
            summary.startTime = Date(timeIntervalSince1970: first)
            summary.endTime = Date(timeIntervalSince1970: last)
            summary.elapsedTime = last - first
            summary.timerTime = last - first
        }
        if let distances = samples[.distance]?.filter({ !$0.isNaN }), let last = distances.last {
            summary.distance = last
        } else if let lats = samples[.latitude], let lons = samples[.longitude] {
            summary.distance = Geo.cumulativeDistance(latitudes: lats, longitudes: lons).last { !$0.isNaN }
        }
        if let altitudes = samples[.altitude] {
            let (gain, loss) = ElevationGain.gainAndLoss(altitudes)
            summary.ascent = gain
            summary.descent = loss
        }
        summary.averageHeartRate = mean(samples[.heartRate])
        summary.maxHeartRate = samples[.heartRate]?.filter { !$0.isNaN }.max()
        summary.averageCadence = mean(samples[.cadence])
        summary.maxCadence = samples[.cadence]?.filter { !$0.isNaN }.max()
        summary.averagePower = mean(samples[.power])
        summary.maxPower = samples[.power]?.filter { !$0.isNaN }.max()
        summary.maxSpeed = samples[.speed]?.filter { !$0.isNaN }.max()
        if let distance = summary.distance, let time = summary.elapsedTime, time > 0 {
            summary.averageSpeed = distance / time
        }
        return summary
    }

    private static func sum(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +)
    }

    private static func mean(_ values: [Double]?) -> Double? {
        guard let present = values?.filter({ !$0.isNaN }), !present.isEmpty else { return nil }
        return present.reduce(0, +) / Double(present.count)
    }

    /// An average over sessions, weighted by their timer time.
    private static func weighted(_ sessions: [ActivitySummary], _ field: KeyPath<ActivitySummary, Double?>) -> Double? {
        var total = 0.0, weight = 0.0
        for session in sessions {
            guard let value = session[keyPath: field] else { continue }
            let w = max(1, session.timerTime ?? session.elapsedTime ?? 1)
            total += value * w
            weight += w
        }
        return weight > 0 ? total / weight : nil
    }
}

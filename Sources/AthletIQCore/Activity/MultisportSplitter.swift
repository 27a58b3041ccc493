import Foundation

/// A file with several sport sessions (a triathlon: swim, transition, bike, transition, run) is
/// several activities, not one 52 km "swim" whose bike leg sets running records: each session
/// becomes a leg with its own sport, samples and laps. Transitions stay legs of their own.
public enum MultisportSplitter {
    /// The legs of `activity` in time order, or the activity itself when it has one session.
    public static func legs(of activity: DecodedActivity) -> [DecodedActivity] {
        let sessions = activity.sessions.filter { $0.startTime != nil }.sorted { $0.startTime! < $1.startTime! }
        guard sessions.count > 1, sessions.count == activity.sessions.count else { return [activity] }
        let times = activity.samples[.time]
        var legs: [DecodedActivity] = []
        for (index, session) in sessions.enumerated() {
            guard let start = session.startTime?.timeIntervalSince1970 else { continue }
            let end = index + 1 < sessions.count ? sessions[index + 1].startTime?.timeIntervalSince1970 ?? .infinity : .infinity
            var leg = DecodedActivity(format: activity.format)
            leg.sport = isTransition(session) ? .other : session.sport ?? activity.sport
            leg.sportName = isTransition(session) ? "transition" : session.sportName ?? activity.sportName
            leg.startTime = session.startTime
            leg.device = activity.device
            leg.sessions = [session]
            leg.laps = activity.laps.filter { lap in
                guard let lapStart = lap.startTime?.timeIntervalSince1970 else { return false }
                return lapStart >= start && lapStart < end
            }
            leg.details = activity.details
            leg.warnings = activity.warnings
            if let times {
                let indices = times.indices.filter { !times[$0].isNaN && times[$0] >= start && times[$0] < end }
                leg.samples = activity.samples.subset(indices)
            }
            legs.append(leg)
        }
        return legs.count > 1 ? legs : [activity]
    }

    public static func isTransition(_ session: ActivitySummary) -> Bool {
        session.sportName?.contains("transition") == true
    }
}

extension SampleSeries {
    /// The samples at `indices` (ascending), every channel kept; distance restarts at 0.
    public func subset(_ indices: [Int]) -> SampleSeries {
        var columns: [Channel: [Double]] = [:]
        for (channel, values) in self.columns {
            var picked = indices.map { values[$0] }
            if channel == .distance, let first = picked.first(where: { !$0.isNaN }) { picked = picked.map { $0 - first } }
            columns[channel] = picked
        }
        return SampleSeries(count: indices.count, columns: columns)
    }
}

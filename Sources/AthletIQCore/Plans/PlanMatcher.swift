import Foundation

/// Pairs planned sessions with the activities that carried them out: same day, compatible sport,
/// closest distance and duration; at most one activity per session and one session per activity,
/// so two sessions on one day each get their own. Links set by hand come first; a session the
/// user unlinked by hand is left alone.
public enum PlanMatcher {
    public struct Plan: Sendable {
        public var id: UUID
        public var date: String
        public var sport: Sport
        public var type: WorkoutType
        public var distance: Double?
        public var duration: Double?
        /// Linked by hand to this activity.
        public var linkedActivity: UUID?
        /// Unlinked by hand: never matched automatically.
        public var unlinked: Bool

        public init(id: UUID, date: String, sport: Sport, type: WorkoutType, distance: Double?, duration: Double?,
                    linkedActivity: UUID? = nil, unlinked: Bool = false) {
            self.id = id
            self.date = date
            self.sport = sport
            self.type = type
            self.distance = distance
            self.duration = duration
            self.linkedActivity = linkedActivity
            self.unlinked = unlinked
        }
    }

    public struct Done: Sendable {
        public var id: UUID
        /// The day it started, `YYYY-MM-DD`.
        public var date: String
        public var sport: Sport
        public var distance: Double?
        public var duration: Double?

        public init(id: UUID, date: String, sport: Sport, distance: Double?, duration: Double?) {
            self.id = id
            self.date = date
            self.sport = sport
            self.distance = distance
            self.duration = duration
        }
    }

    /// Whether an activity of `done` can carry out a session planned in `planned`.
    public static func compatible(_ planned: Sport, _ done: Sport, type: WorkoutType) -> Bool {
        if type == .rest { return false }
        if planned == .other { return done.family != .other || type == .other }
        if planned.family == done.family { return true }
        // A run planned, a trail run or a hike done on a trail day: close enough.
        return planned.family == .running && done.family == .walking && type == .trail
    }

    /// How far apart a session and an activity are (0 is identical); nil when they cannot match.
    public static func cost(_ plan: Plan, _ done: Done) -> Double? {
        guard plan.date == done.date, compatible(plan.sport, done.sport, type: plan.type) else { return nil }
        var parts: [Double] = []
        if let planned = plan.distance, planned > 0, let actual = done.distance { parts.append(abs(actual - planned) / planned) }
        if let planned = plan.duration, planned > 0, let actual = done.duration { parts.append(abs(actual - planned) / planned) }
        let sportPenalty = plan.sport == done.sport || plan.sport == .other ? 0 : 0.25
        return (parts.isEmpty ? 0.5 : parts.reduce(0, +) / Double(parts.count)) + sportPenalty
    }

    /// Session id → activity id.
    public static func match(plans: [Plan], activities: [Done]) -> [UUID: UUID] {
        var result: [UUID: UUID] = [:]
        var used = Set<UUID>()
        let known = Set(activities.map(\.id))
        for plan in plans {
            if let linked = plan.linkedActivity, known.contains(linked), !used.contains(linked) {
                result[plan.id] = linked
                used.insert(linked)
            }
        }
        let byDay = Dictionary(grouping: activities, by: \.date)
        var pairs: [(cost: Double, plan: UUID, activity: UUID)] = []
        for plan in plans where result[plan.id] == nil && !plan.unlinked && plan.linkedActivity == nil {
            for done in byDay[plan.date] ?? [] where !used.contains(done.id) {
                if let cost = cost(plan, done) { pairs.append((cost, plan.id, done.id)) }
            }
        }
        // Cheapest pairs first; ties broken by ids so the result never depends on input order.
        pairs.sort { ($0.cost, $0.plan.uuidString, $0.activity.uuidString) < ($1.cost, $1.plan.uuidString, $1.activity.uuidString) }
        for pair in pairs where result[pair.plan] == nil && !used.contains(pair.activity) {
            result[pair.plan] = pair.activity
            used.insert(pair.activity)
        }
        return result
    }

    /// How closely an activity carried out a session, 0–100: the mean over distance and duration of
    /// 1 − relative gap (100 when the plan gives neither: it was done).
    public static func completionScore(plannedDistance: Double?, plannedDuration: Double?, distance: Double?, duration: Double?) -> Double {
        var parts: [Double] = []
        if let planned = plannedDistance, planned > 0, let actual = distance { parts.append(max(0, 1 - abs(actual - planned) / planned)) }
        if let planned = plannedDuration, planned > 0, let actual = duration { parts.append(max(0, 1 - abs(actual - planned) / planned)) }
        guard !parts.isEmpty else { return 100 }
        return (parts.reduce(0, +) / Double(parts.count) * 1000).rounded() / 10
    }
}

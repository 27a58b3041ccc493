import Foundation

/// One planned session as the plan files and the API describe it (no storage concerns).
public struct PlannedSession: Sendable, Equatable, Codable {
    /// The day, `YYYY-MM-DD`.
    public var date: String
    /// `HH:MM` (24 h, UTC) when the session has a set time.
    public var time: String?
    public var name: String
    public var type: WorkoutType
    public var sport: Sport
    /// Metres.
    public var distance: Double?
    /// Seconds.
    public var duration: Double?
    /// Metres per second.
    public var targetSpeed: Double?
    /// Metres.
    public var elevationGain: Double?
    /// 1 to 5.
    public var zone: Int?
    public var description: String?
    public var coachNotes: String?
    public var phase: String?
    public var week: Int?
    /// 1 to 10.
    public var rpe: Int?
    public var steps: [WorkoutStep]?

    public init(date: String, name: String, type: WorkoutType) {
        self.date = date
        self.name = name
        self.type = type
        self.sport = type.sport
    }

    /// "Sortie longue - 18 km (350 m D+)": the name a session without one gets.
    public static func defaultName(typeLabel: String, distance: Double?, elevationGain: Double?) -> String {
        var name = typeLabel
        if let distance, distance > 0 {
            let kilometres = distance / 1000
            let text = kilometres == kilometres.rounded() ? String(Int(kilometres)) : String(format: "%.1f", kilometres)
            name += " - \(text) km"
            if let gain = elevationGain, gain > 0 { name += " (\(Int(gain.rounded())) m D+)" }
        } else if let gain = elevationGain, gain > 0 {
            name += " (\(Int(gain.rounded())) m D+)"
        }
        return name
    }

    /// Best guess of how long it takes: the planned duration, else distance at the target speed,
    /// else at a typical speed for the sport.
    public var expectedDuration: Double? {
        if let duration, duration > 0 { return duration }
        guard let distance, distance > 0 else { return nil }
        if let targetSpeed, targetSpeed > 0 { return distance / targetSpeed }
        let speed: Double
        switch sport.family {
        case .cycling: speed = 7.5
        case .swimming: speed = 0.8
        case .walking: speed = 1.4
        default: speed = 2.9
        }
        return distance / speed
    }
}

/// A step of a structured workout: warm-up, an interval block repeated, recovery, cool-down.
public struct WorkoutStep: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case warmup, interval, recovery, cooldown, steady, repeats
    }

    public struct Target: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable { case pace, heartRate = "heart_rate", power, zone, rpe }
        public var kind: Kind
        public var low: Double?
        public var high: Double?

        public init(kind: Kind, low: Double?, high: Double?) {
            self.kind = kind
            self.low = low
            self.high = high
        }
    }

    public var kind: Kind
    /// Seconds.
    public var duration: Double?
    /// Metres.
    public var distance: Double?
    public var target: Target?
    /// For `repeats`: how many times `steps` run.
    public var count: Int?
    public var steps: [WorkoutStep]?
    public var note: String?

    public init(kind: Kind, duration: Double? = nil, distance: Double? = nil, target: Target? = nil, count: Int? = nil,
                steps: [WorkoutStep]? = nil, note: String? = nil) {
        self.kind = kind
        self.duration = duration
        self.distance = distance
        self.target = target
        self.count = count
        self.steps = steps
        self.note = note
    }

    /// What is wrong with a structure, or nil: depth, counts and values within reason.
    public static func problem(_ steps: [WorkoutStep], depth: Int = 0) -> String? {
        if depth > 2 { return "repeats nest at most two deep" }
        if steps.count > 50 { return "at most 50 steps per level" }
        for step in steps {
            if let duration = step.duration, !(duration > 0 && duration <= 86_400) { return "a step lasts from 1 second to 24 hours" }
            if let distance = step.distance, !(distance > 0 && distance <= 1_000_000) { return "a step covers from 1 metre to 1,000 km" }
            if step.kind == .repeats {
                guard let count = step.count, (1...100).contains(count), let inner = step.steps, !inner.isEmpty else {
                    return "repeats need a count from 1 to 100 and steps"
                }
                if let problem = problem(inner, depth: depth + 1) { return problem }
            } else if step.steps != nil {
                return "only repeats contain steps"
            }
            if let target = step.target, let low = target.low, let high = target.high, low > high { return "a target's low is above its high" }
            if let note = step.note, note.count > 500 { return "a step's note is too long" }
        }
        return nil
    }
}

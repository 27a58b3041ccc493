import Foundation

/// The training load a planned session should bring, on the scale of the activities' loads
/// (100 = one hour at threshold): hours × IF² × 100 (Coggan's training stress), with the
/// intensity factor from the session's zone, else its RPE, else its type.
public enum PlannedLoad {
    /// The intensity factor (fraction of threshold) of each zone of five, at its middle.
    public static let zoneIntensity: [Int: Double] = [1: 0.65, 2: 0.75, 3: 0.85, 4: 0.95, 5: 1.05]

    public struct Session: Sendable {
        public var type: WorkoutType?
        public var duration: Double?
        public var distance: Double?
        public var targetSpeed: Double?
        public var zone: Int?
        public var rpe: Int?

        public init(type: WorkoutType?, duration: Double?, distance: Double?, targetSpeed: Double?, zone: Int?, rpe: Int?) {
            (self.type, self.duration, self.distance, self.targetSpeed, self.zone, self.rpe) = (type, duration, distance, targetSpeed, zone, rpe)
        }
    }

    /// Nil for a rest day or a session whose length cannot be told; `thresholdSpeed` (m/s) turns
    /// a distance without a target pace into a duration (at 80 % of it, an easy pace).
    public static func estimate(_ session: Session, thresholdSpeed: Double?) -> Double? {
        if session.type == .rest { return nil }
        let intensity = session.zone.flatMap { zoneIntensity[min(5, max(1, $0))] }
            ?? session.rpe.map { 0.5 + 0.05 * Double(min(10, max(1, $0))) }
            ?? session.type?.typicalZone.flatMap { zoneIntensity[$0] }
            ?? 0.7
        var seconds = session.duration
        if seconds == nil, let distance = session.distance, distance > 0 {
            if let speed = session.targetSpeed, speed > 0 {
                seconds = distance / speed
            } else if let threshold = thresholdSpeed, threshold > 0 {
                seconds = distance / (threshold * 0.8)
            }
        }
        guard let seconds, seconds.isFinite, seconds > 0 else { return nil }
        return min(seconds, 86_400) / 3600 * intensity * intensity * 100
    }
}

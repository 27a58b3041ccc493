import AthletIQCore
import Fluent
import Foundation

/// The loads the athlete's coming sessions should bring, by day, for the fitness projection.
struct PlannedLoadService {
    let database: any Database
    let userID: UUID

    /// Expected load per day number for the sessions planned from `first` to `last` (the
    /// athlete's days), not yet done.
    func loads(from first: Int, to last: Int, thresholdSpeed: Double?) async throws -> [Int: Double] {
        guard last >= first else { return [:] }
        let sessions = try await PlannedWorkout.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$date >= StatisticsService.label(day: first, .day)).filter(\.$date <= StatisticsService.label(day: last, .day))
            .filter(\.$completed == false).all()
        var loads: [Int: Double] = [:]
        for plan in sessions {
            guard let date = PlanDates.date(plan.date) else { continue }
            let session = PlannedLoad.Session(type: WorkoutType(rawValue: plan.type), duration: plan.duration, distance: plan.distance,
                                              targetSpeed: plan.targetSpeed, zone: plan.zone, rpe: plan.rpe)
            if let load = PlannedLoad.estimate(session, thresholdSpeed: thresholdSpeed) {
                loads[FitnessModel.dayNumber(date), default: 0] += load
            }
        }
        return loads
    }
}

import Foundation

/// Grade-adjusted pace from the energy cost of running on a slope (Minetti et al. 2002,
/// J Appl Physiol 93:1039): `C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6` J/kg/m.
public enum Minetti {
    /// Grades beyond ±45 % are outside the study's range; they are clamped.
    public static let gradeLimit = 0.45

    public static func cost(grade: Double) -> Double {
        let i = min(gradeLimit, max(-gradeLimit, grade))
        return 155.4 * pow(i, 5) - 30.4 * pow(i, 4) - 43.3 * pow(i, 3) + 46.3 * i * i + 19.5 * i + 3.6
    }

    /// How much harder (>1) or easier (<1) a metre on this grade is than on the flat.
    public static func factor(grade: Double) -> Double {
        cost(grade: grade) / 3.6
    }

    /// The most a descent may shorten a course's effort: Minetti's cost falls to half the flat's
    /// on steep descents (which put runners at 20-23 km/h), but runners brake there; observed
    /// downhill running (Strava's grade-adjusted pace model, 2017) is at best about 12 % faster
    /// than on the flat. Course predictions use this floor; measured grade-adjusted pace does not.
    public static let downhillFloor = 0.88

    /// `factor`, with the downhill benefit capped at `downhillFloor`, for predicting a course.
    public static func courseFactor(grade: Double) -> Double {
        max(downhillFloor, factor(grade: grade))
    }

    /// The flat-ground speed that costs as much as `speed` on `grade`.
    public static func flatEquivalentSpeed(_ speed: Double, grade: Double) -> Double {
        speed * factor(grade: grade)
    }
}

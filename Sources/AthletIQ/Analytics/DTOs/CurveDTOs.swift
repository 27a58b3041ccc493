import AthletIQCore
import Foundation
import Vapor

/// A period's duration curve, another laid over it, and the model fitted to the first.
struct CurveResponse: Content, APISchema {
    struct Point: Content {
        /// Seconds (power) or metres (pace).
        var x: Double
        /// Watts (power) or seconds (pace).
        var value: Double
        var activityID: UUID
        var activityName: String
        var date: Date
    }

    struct Model: Content {
        /// Critical power (W) or critical speed (m/s).
        var critical: Double
        /// W′ (J) or D′ (m).
        var reserve: Double
        var efforts: Int
        var rSquared: Double
        /// What the model offers the profile: `ftp` (W) or `threshold_speed` (m/s).
        var estimate: String
    }

    var kind: String
    var family: String
    var unit: String
    var points: [Point]
    var compare: [Point]?
    var model: Model?

    init(_ curve: DurationCurveService.Curve, compare: DurationCurveService.Curve?) {
        kind = curve.kind.rawValue
        family = curve.family
        unit = curve.kind == .power ? "W" : "s"
        points = Self.points(curve)
        self.compare = compare.map(Self.points)
        model = curve.model.map {
            Model(critical: $0.critical, reserve: $0.reserve, efforts: $0.efforts, rSquared: $0.rSquared,
                  estimate: curve.kind == .power ? "ftp" : "threshold_speed")
        }
    }

    private static func points(_ curve: DurationCurveService.Curve) -> [Point] {
        curve.entries.map { Point(x: $0.point.x, value: $0.point.value, activityID: $0.activityID, activityName: $0.activityName, date: $0.startDate) }
    }

    static var schema: Schema {
        let point = Schema.object([
            .init("x", .number(description: "Seconds (power) or metres (pace)")),
            .init("value", .number(description: "Watts (power) or seconds (pace)")),
            .init("activity_id", .string(format: "uuid")), .init("activity_name", .string), .init("date", .dateTime),
        ])
        return .object([
            .init("kind", .enumeration(DurationCurves.Kind.allCases.map(\.rawValue))),
            .init("family", .enumeration(Sport.Family.allCases.map(\.rawValue))),
            .init("unit", .enumeration(["W", "s"])),
            .init("points", .array(point)),
            .init("compare", .array(point), required: false),
            .init("model", .object([
                .init("critical", .number(description: "Critical power (W) or critical speed (m/s)")),
                .init("reserve", .number(description: "W′ (J) or D′ (m)")),
                .init("efforts", .integer), .init("r_squared", .number),
                .init("estimate", .enumeration(["ftp", "threshold_speed"])),
            ]), required: false),
        ])
    }
}

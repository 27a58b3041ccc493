import Fluent
import Foundation

/// The samples of an activity in `SampleCodec`'s compact form (one row per activity).
final class ActivityStream: Model, @unchecked Sendable {
    static let schema = "activity_streams"

    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: Activity
    @Field(key: "format_version") var formatVersion: Int
    @Field(key: "point_count") var pointCount: Int
    @Field(key: "data") var data: Data

    init() {}

    init(activityID: UUID, pointCount: Int, data: Data) {
        self.$activity.id = activityID
        self.formatVersion = Int(data.first ?? 0)
        self.pointCount = pointCount
        self.data = data
    }
}

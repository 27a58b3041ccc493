import Fluent
import Foundation

/// The original file of an activity, gzip-compressed, so it can be downloaded and re-processed.
final class ActivityFile: Model, @unchecked Sendable {
    static let schema = "activity_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: Activity
    @Field(key: "filename") var filename: String
    @Field(key: "format") var format: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    /// The file's bytes, gzip-compressed.
    @Field(key: "data") var data: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

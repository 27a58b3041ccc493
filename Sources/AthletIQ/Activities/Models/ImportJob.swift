import Fluent
import Foundation

/// An upload too large to process within the request: processed in the background, with its
/// progress and report kept here for the user to watch.
final class ImportJob: Model, @unchecked Sendable {
    static let schema = "import_jobs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "filename") var filename: String
    /// `queued`, `running`, `done`, `failed`.
    @Field(key: "status") var status: String
    @Field(key: "total") var total: Int
    @Field(key: "processed") var processed: Int
    @Field(key: "imported") var imported: Int
    @Field(key: "duplicates") var duplicates: Int
    @Field(key: "failed") var failedCount: Int
    /// The per-file report as JSON.
    @OptionalField(key: "report_json") var reportJSON: String?
    @OptionalField(key: "error") var error: String?
    /// Where the upload waits on this instance's disk.
    @OptionalField(key: "upload_path") var uploadPath: String?
    /// The instance running it, until when (renewed while it runs).
    @OptionalField(key: "leased_by") var leasedBy: String?
    @OptionalField(key: "lease_until") var leaseUntil: Double?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

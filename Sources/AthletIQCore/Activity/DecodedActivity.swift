import Foundation

/// The file formats athletIQ reads.
public enum FileFormat: String, Sendable, Codable {
    case fit, gpx, tcx
}

/// Everything a decoder read from one activity file, in one shape for every format.
public struct DecodedActivity: Sendable {
    public var format: FileFormat
    public var sport: Sport = .other
    /// The sport as the file names it (e.g. `running/trail`, `Biking`).
    public var sportName: String?
    public var subSport: String?
    public var name: String?
    public var description: String?
    public var startTime: Date?
    public var device: DeviceInfo?
    public var sessions: [ActivitySummary] = []
    public var laps: [ActivitySummary] = []
    public var samples = SampleSeries()
    /// Totals the decoder measured itself (e.g. GPX distance within segments), used when the file
    /// has no sessions.
    public var totals: ActivitySummary?
    public var warnings: [DecodeWarning] = []
    /// Format-specific counts (tracks, routes, waypoints, FIT file type...).
    public var details: [String: String] = [:]

    public init(format: FileFormat) {
        self.format = format
    }

    /// The activity's totals: the sessions' (as the device computed them) where present,
    /// completed from the samples.
    public var summary: ActivitySummary {
        SummaryBuilder.summary(of: self)
    }
}

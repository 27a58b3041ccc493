import Foundation

/// The totals of an activity, a session or a lap, in SI units (s, m, m/s). Nil means unknown.
public struct ActivitySummary: Sendable, Equatable, Codable {
    public var sport: Sport?
    /// The sport as the file names it (FIT sessions: `swimming`, `transition`...).
    public var sportName: String?
    public var startTime: Date?
    public var endTime: Date?
    public var elapsedTime: Double?
    public var timerTime: Double?
    public var distance: Double?
    public var ascent: Double?
    public var descent: Double?
    public var averageHeartRate: Double?
    public var maxHeartRate: Double?
    public var averageSpeed: Double?
    public var maxSpeed: Double?
    public var averageCadence: Double?
    public var maxCadence: Double?
    public var averagePower: Double?
    public var maxPower: Double?
    public var calories: Double?

    public init() {}
}

/// What made the file: the device or app.
public struct DeviceInfo: Sendable, Equatable, Codable {
    public var manufacturer: String?
    public var product: String?
    public var serialNumber: String?
    public var softwareVersion: String?

    public init(manufacturer: String? = nil, product: String? = nil, serialNumber: String? = nil, softwareVersion: String? = nil) {
        self.manufacturer = manufacturer
        self.product = product
        self.serialNumber = serialNumber
        self.softwareVersion = softwareVersion
    }
}

/// Something odd about a file that did not stop it from being read.
public struct DecodeWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    public var message: String
    /// Byte offset in the file, when it is about one place.
    public var offset: Int?

    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    public var description: String {
        offset.map { "\(message) (at byte \($0))" } ?? message
    }
}

import Foundation

/// The `activities.csv` of a Strava account export: what Strava knew about each activity (name,
/// type, description, gear), keyed by the file it points to.
public struct StravaExportIndex: Sendable {
    public struct Entry: Sendable {
        public var stravaID: Int64?
        public var name: String?
        public var type: String?
        public var description: String?
        public var gear: String?
        public var date: Date?
        /// Seconds and metres (the second, unit-free columns of the export).
        public var elapsedTime: Double?
        public var movingTime: Double?
        public var distance: Double?
        public var filename: String?
    }

    public private(set) var entries: [Entry] = []
    private var byFile: [String: Int] = [:]

    public init() {}

    /// Parses the CSV. Strava repeats some headers (`Elapsed Time`, `Distance`): the later,
    /// unit-free occurrence is used for numbers.
    public init(csv: String) {
        let rows = CSVReader.rows(csv)
        guard let header = rows.first else { return }
        func last(_ name: String) -> Int? { header.lastIndex { $0.trimmingCharacters(in: .whitespaces) == name } }
        func first(_ name: String) -> Int? { header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name } }
        let id = first("Activity ID"), name = first("Activity Name"), type = first("Activity Type"),
            description = first("Activity Description"), gear = first("Activity Gear"), date = first("Activity Date"),
            file = first("Filename"), elapsed = last("Elapsed Time"), moving = last("Moving Time"), distance = last("Distance")
        for row in rows.dropFirst() {
            func value(_ index: Int?) -> String? {
                guard let index, index < row.count else { return nil }
                let text = row[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            }
            var entry = Entry()
            entry.stravaID = value(id).flatMap { Int64($0) }
            entry.name = value(name)
            entry.type = value(type)
            entry.description = value(description)
            entry.gear = value(gear)
            entry.date = value(date).flatMap(Self.parseDate)
            entry.elapsedTime = value(elapsed).flatMap(Double.init)
            entry.movingTime = value(moving).flatMap(Double.init)
            entry.distance = value(distance).flatMap(Double.init)
            entry.filename = value(file)
            if let filename = entry.filename { byFile[Self.key(filename)] = entries.count }
            entries.append(entry)
        }
    }

    /// The entry for a file path inside the export (`activities/123.fit.gz` and `…/123.fit` match).
    public func entry(forPath path: String) -> Entry? {
        let key = Self.key(path)
        if let index = byFile[key] { return entries[index] }
        // Inside a nested archive the path is prefixed by the archive's name.
        if let slash = key.range(of: "activities/") { return byFile[String(key[slash.lowerBound...])].map { entries[$0] } }
        return nil
    }

    static func key(_ path: String) -> String {
        var key = path.lowercased()
        if key.hasSuffix(".gz") { key.removeLast(3) }
        return key
    }

    /// Strava writes dates like `Jun 1, 2019, 7:43:34 AM` (UTC).
    static func parseDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["MMM d, yyyy, h:mm:ss a", "MMM d, yyyy h:mm:ss a", "yyyy-MM-dd HH:mm:ss", "dd MMM yyyy, HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

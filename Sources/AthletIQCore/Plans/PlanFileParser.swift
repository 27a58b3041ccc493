import Foundation

/// Reads a plan file: the original app's coach file (TAB-separated, French headers `phase`,
/// `Semaine`, `Date` (DD/MM/YYYY), `Type`, `Km`, `D+ (m)`, `notes du coach`, `allure`,
/// `zone d'intensité`, `durée`, `description`, `rpe`) or a CSV with English headers (`date`,
/// `type`, `name`, `distance_km`, `elevation_m`, `duration`, `pace`, `zone`, `description`,
/// `notes`, `phase`, `week`, `rpe`, `time`). Headers are matched without regard to case, accents
/// or order; every row gets an outcome, a bad row never stops the others.
public enum PlanFileParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public enum Code: String, Sendable { case empty, binary, noHeader = "no_header", tooLarge = "too_large" }
        public var code: Code
        public var description: String
    }

    public struct Row: Sendable, Equatable {
        /// The line in the file (the header is line 1).
        public var line: Int
        public var outcome: Outcome
    }

    public enum Outcome: Sendable, Equatable {
        /// `key` identifies the session across imports of the same plan: its date and its rank
        /// among that day's sessions.
        case session(PlannedSession, key: String, warnings: [String])
        case skipped(reason: String)
    }

    enum Column: String, CaseIterable {
        case date, phase, week, type, name, distance, elevation, notes, pace, zone, duration, description, rpe, time, sport
    }

    static let headerWords: [Column: [String]] = [
        .date: ["date", "jour", "day"],
        .phase: ["phase", "bloc", "cycle", "block"],
        .week: ["semaine", "week", "sem", "week number", "week_number"],
        .type: ["type", "seance", "workout", "session", "session type", "type de seance"],
        .name: ["nom", "name", "titre", "title", "intitule"],
        .distance: ["km", "kms", "distance", "distance km", "distance_km", "distance (km)"],
        .elevation: ["dplus", "dplus m", "denivele", "denivele m", "elevation", "elevation m", "elevation_m", "elevation gain", "gain", "ascent"],
        .notes: ["notes du coach", "notes", "note", "coach notes", "coach_notes", "remarques", "commentaire", "commentaires"],
        .pace: ["allure", "pace", "target pace", "target_pace", "allure cible"],
        .zone: ["zone d intensite", "zone", "intensite", "intensity", "intensity zone", "intensity_zone"],
        .duration: ["duree", "duration", "temps", "duree prevue"],
        .description: ["description", "contenu", "details", "detail", "workout description"],
        .rpe: ["rpe"],
        .time: ["heure", "time", "start time", "start_time", "horaire"],
        .sport: ["sport", "discipline"],
    ]

    public static let maxRows = 5000

    /// Bytes to text: UTF-8 (with or without BOM), else Windows-1252 as French spreadsheets save.
    public static func text(_ data: Data) throws -> String {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw Failure(code: .empty, description: "The file is empty.")
        }
        guard data.count <= 5 << 20 else { throw Failure(code: .tooLarge, description: "A plan file is at most 5 MB.") }
        let controls = data.prefix(65_536).filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }.count
        if data.prefix(65_536).contains(0) || controls > 8 {
            throw Failure(code: .binary, description: "This is not a text file (TSV or CSV).")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let utf8 = String(data: bytes, encoding: .utf8) { return utf8 }
        return String(data: bytes, encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }

    static func headerKey(_ text: String) -> String {
        PlanText.fold(text.lowercased().replacingOccurrences(of: "+", with: "plus ")).replacingOccurrences(of: "d plus", with: "dplus")
    }

    public static func parse(_ data: Data) throws -> [Row] {
        let text = try text(data)
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Character = firstLine.contains("\t") ? "\t"
            : firstLine.filter({ $0 == ";" }).count > firstLine.filter({ $0 == "," }).count ? ";" : ","
        let rows = CSVReader.rows(text, separator: separator)
        guard let header = rows.first else { throw Failure(code: .empty, description: "The file is empty.") }
        var columns: [Column: Int] = [:]
        for (index, title) in header.enumerated() {
            let key = headerKey(title)
            if let column = Column.allCases.first(where: { columns[$0] == nil && headerWords[$0]?.contains(key) == true }) {
                columns[column] = index
            }
        }
        guard columns[.date] != nil, columns[.type] != nil || columns[.name] != nil else {
            throw Failure(code: .noHeader, description: "The first line must name the columns: at least Date and Type (or Name).")
        }
        guard rows.count - 1 <= maxRows else { throw Failure(code: .tooLarge, description: "A plan file has at most \(maxRows) rows.") }
        var perDay: [String: Int] = [:]
        var result: [Row] = []
        for (offset, cells) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func cell(_ column: Column) -> String {
                guard let index = columns[column], index < cells.count else { return "" }
                return String(cells[index].trimmingCharacters(in: .whitespacesAndNewlines).prefix(10_000))
            }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            do {
                guard let date = try PlanValues.date(cell(.date)) else {
                    result.append(Row(line: line, outcome: .skipped(reason: "no date")))
                    continue
                }
                let (session, warnings) = try session(date: date, cell: cell)
                perDay[date, default: 0] += 1
                result.append(Row(line: line, outcome: .session(session, key: "\(date)#\(perDay[date] ?? 1)", warnings: warnings)))
            } catch let error as PlanValues.Unreadable {
                result.append(Row(line: line, outcome: .skipped(reason: error.description)))
            } catch let error as RowProblem {
                result.append(Row(line: line, outcome: .skipped(reason: error.reason)))
            }
        }
        return result
    }

    struct RowProblem: Error { var reason: String }

    static func session(date: String, cell: (Column) -> String) throws -> (PlannedSession, [String]) {
        var warnings: [String] = []
        let typeText = cell(.type)
        let nameText = cell(.name)
        guard !typeText.isEmpty || !nameText.isEmpty else { throw RowProblem(reason: "no type and no name") }
        var type = WorkoutType.named(typeText) ?? (typeText.isEmpty ? WorkoutType.named(nameText) : nil)
        if type == nil {
            if !typeText.isEmpty { warnings.append("unknown type \"\(typeText.prefix(40))\": kept as other") }
            type = .other
        }
        let workoutType = type ?? .other
        let distance = try PlanValues.number(cell(.distance), field: "distance", range: 0...1000).map { $0 * 1000 }
        let elevation = try PlanValues.number(cell(.elevation), field: "elevation", range: 0...20_000)
        let raw = typeText.isEmpty ? workoutType.rawValue : String(typeText.prefix(60))
        let label = raw.prefix(1).uppercased() + raw.dropFirst()
        var session = PlannedSession(
            date: date,
            name: nameText.isEmpty ? PlannedSession.defaultName(typeLabel: label, distance: distance, elevationGain: elevation) : String(nameText.prefix(200)),
            type: workoutType)
        if !cell(.sport).isEmpty {
            let sport = Sport.named(cell(.sport))
            if sport != .other { session.sport = sport } else { warnings.append("unknown sport \"\(cell(.sport).prefix(40))\"") }
        }
        session.distance = distance
        session.elevationGain = elevation
        session.duration = try PlanValues.duration(cell(.duration))
        if let duration = session.duration, duration > 86_400 {
            // Kept (multi-day events exist) but said: usually a typing slip, 45:00:00 for 45:00.
            warnings.append("duration \"\(cell(.duration).prefix(20))\" is more than a day (\(Int(duration / 3600)) h): check it")
        }
        session.targetSpeed = try PlanValues.pace(cell(.pace))
        session.zone = try PlanValues.zone(cell(.zone)) ?? workoutType.typicalZone
        session.rpe = try PlanValues.rpe(cell(.rpe))
        session.time = try PlanValues.time(cell(.time))
        session.phase = cell(.phase).isEmpty ? nil : String(cell(.phase).prefix(100))
        let weekText = cell(.week)
        if !weekText.isEmpty {
            guard let week = Int(weekText.filter(\.isNumber).prefix(3)), (1...99).contains(week) else {
                throw PlanValues.Unreadable(field: "week", value: weekText)
            }
            session.week = week
        }
        session.description = cell(.description).isEmpty ? nil : cell(.description)
        session.coachNotes = cell(.notes).isEmpty ? nil : cell(.notes)
        return (session, warnings)
    }
}

import Foundation

/// The `bikes.csv` and `shoes.csv` of a Strava account export: the athlete's gear, its brand and
/// model, and the sports it is the default for (Strava's sport types, comma-separated).
public struct StravaExportGear: Sendable, Equatable {
    public enum Kind: String, Sendable { case bike, shoes }

    public var kind: Kind
    /// The nickname, or brand and model when the athlete gave none (as Strava names it then).
    public var name: String
    public var brand: String?
    public var model: String?
    public var defaultSportTypes: [String]

    /// The kind a file of the export describes, from its name (`bikes.csv`, `shoes.csv`).
    public static func kind(ofPath path: String) -> Kind? {
        let file = (path.lowercased() as NSString).lastPathComponent
        return file == "bikes.csv" ? .bike : (file == "shoes.csv" ? .shoes : nil)
    }

    /// Every row of the file that names a piece of gear.
    public static func parse(csv: String, kind: Kind) -> [StravaExportGear] {
        let rows = CSVReader.rows(csv)
        guard let header = rows.first else { return [] }
        let prefix = kind == .bike ? "Bike" : "Shoe"
        func column(_ name: String) -> Int? { header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "\(prefix) \(name)" } }
        let name = column("Name"), brand = column("Brand"), model = column("Model"), sports = column("Default Sport Types")
        return rows.dropFirst().compactMap { row in
            func value(_ index: Int?) -> String? {
                guard let index, index < row.count else { return nil }
                let text = row[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : String(text.prefix(100))
            }
            let brandText = value(brand), modelText = value(model)
            let made = [brandText, modelText].compactMap { $0 }.joined(separator: " ")
            guard let named = value(name) ?? (made.isEmpty ? nil : made) else { return nil }
            let types = value(sports).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
            return StravaExportGear(kind: kind, name: String(named.prefix(100)), brand: brandText, model: modelText, defaultSportTypes: types)
        }
    }
}

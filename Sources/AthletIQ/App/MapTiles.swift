import Foundation

/// Map tile addresses (`MAP_TILE_URL`): a template with `{z}`, `{x}` and `{y}`.
public enum MapTiles {
    public static let openStreetMap = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

    /// The origin (`scheme://host[:port]`) of a usable template: http(s), with the three
    /// placeholders, and nothing that could leave an HTML attribute. Nil for anything else.
    public static func origin(of template: String) -> String? {
        guard ["{z}", "{x}", "{y}"].allSatisfy(template.contains), !template.contains(where: { "\"' <>".contains($0) }),
              let url = URL(string: template.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
              let scheme = url.scheme, ["http", "https"].contains(scheme), let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// The version reported by `/health`, the API document and `athletiq --version`.
public enum AppVersion {
    public static let current = "0.1.0"
}

/// The three ways athletIQ runs. Chosen by `ENVIRONMENT`; it sets defaults (log format, CORS,
/// cookie security) and how strictly secrets are checked.
public enum AppEnvironment: String, Sendable, CaseIterable {
    case development
    case testing
    case production
}

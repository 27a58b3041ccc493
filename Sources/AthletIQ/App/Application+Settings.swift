import Vapor

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    /// The settings this application was configured with (set once by `configure`).
    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else {
                fatalError("configure(_:settings:) must run before settings are read")
            }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}

extension Request {
    public var settings: Settings { application.settings }
}

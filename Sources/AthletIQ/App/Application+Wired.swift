import Vapor

extension Application {
    /// A service that `configure` puts in storage. Missing means the app was used before it was
    /// configured: a programming error that stops at once, rather than a throwaway object that
    /// silently does nothing (a cache nobody shares, a worker whose stop stops nothing).
    func wired<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = storage[key] else { fatalError("\(Key.Value.self) is set up by configure(_:settings:)") }
        return value
    }
}

import Vapor

/// Every route of the app, by capability.
func routes(_ app: Application) throws {
    SystemController().register(on: app)
    AssetsController().register(on: app)
}

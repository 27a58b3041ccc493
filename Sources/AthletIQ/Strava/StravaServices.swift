import Fluent
import Foundation
import NIOCore
import Vapor

/// The Strava pieces wired together for one database handle: quota, HTTP, tokens, queue.
/// Nil (or a 404 `not_configured` from a request) when `STRAVA_CLIENT_ID` is not set.
struct StravaServices {
    let application: Application
    let settings: StravaSettings
    let database: any Database
    let logger: Logger

    init?(application: Application, database: (any Database)? = nil, logger: Logger? = nil) {
        guard let settings = application.settings.strava else { return nil }
        self.application = application
        self.settings = settings
        self.database = database ?? application.db
        self.logger = logger ?? application.logger
    }

    var clock: any AppClock { application.clock }

    var quota: StravaQuota {
        StravaQuota(database: database, settings: settings, clock: clock, offset: application.stravaClockOffset.current)
    }

    var http: StravaHTTP {
        StravaHTTP(client: application.client, settings: settings, quota: quota, clock: clock, logger: logger,
                   timeout: application.stravaHTTPTimeout, clockOffset: application.stravaClockOffset)
    }

    var tokens: StravaTokenService {
        StravaTokenService(application: application, database: database, settings: settings)
    }

    var queue: StravaJobQueue {
        StravaJobQueue(application: application, database: database)
    }

    func api(for connection: StravaConnection, use: StravaQuota.Use) -> StravaAthleteAPI {
        StravaAthleteAPI(connection: connection, tokens: tokens, http: http, use: use)
    }

    func store(userID: UUID) -> StravaActivityStore {
        StravaActivityStore(database: database, userID: userID, clock: clock, logger: logger)
    }

    func connection(userID: UUID) async throws -> StravaConnection? {
        try await StravaConnection.query(on: database).filter(\.$user.$id == userID).first()
    }

    /// Wakes the workers of this process (others poll).
    func notifyWorkers() {
        application.stravaWorkerSignal.notify()
    }
}

extension Application {
    private struct TimeoutKey: StorageKey { typealias Value = TimeAmount }

    /// How long a Strava answer may take before it is abandoned (and the job retried later).
    var stravaHTTPTimeout: TimeAmount {
        get { storage[TimeoutKey.self] ?? .seconds(20) }
        set { storage[TimeoutKey.self] = newValue }
    }
}

extension Request {
    var strava: StravaServices {
        get throws {
            guard let services = StravaServices(application: application, database: db, logger: logger) else {
                throw APIError(.notFound, code: "not_configured", message: "Strava is not configured on this server.")
            }
            return services
        }
    }
}

import Fluent
import Vapor

/// Wires the application from its settings: database, middleware, routes and commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    app.http.server.configuration.hostname = settings.http.host
    app.http.server.configuration.port = settings.http.port
    // On SIGTERM: stop accepting, let requests in flight finish for up to this long.
    app.http.server.configuration.shutdownTimeout = .seconds(10)
    // Sockets that never finish their headers, or go quiet, are closed instead of held.
    app.http.server.configuration.idleTimeout = .seconds(Int64(settings.http.idleTimeoutSeconds))
    app.routes.defaultMaxBodySize = ByteCount(value: settings.http.maxBodyBytes)

    ContentConfiguration.global.use(encoder: JSONEncoder.api, for: .json)
    ContentConfiguration.global.use(decoder: JSONDecoder.api, for: .json)

    app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(20))
    // Upstreams (Strava, Google) never redirect API calls; following one could carry our tokens elsewhere.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.oidcCache = OIDCCache()
    try DatabaseSetup.configure(app, settings: settings)
    let sessionCache = SessionCache()
    app.sessionCache = sessionCache
    app.databases.middleware.use(SessionCacheInvalidation<User>(cache: sessionCache) { $0.id })
    app.databases.middleware.use(SessionCacheInvalidation<AuthSession>(cache: sessionCache) { $0.$user.id })
    app.migrations.add(AppMigrations.all)

    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(RequestObservationMiddleware(metrics: app.metrics))
    app.middleware.use(SecurityHeadersMiddleware(production: settings.isProduction, tileOrigin: settings.http.mapTileOrigin))
    if settings.isProduction {
        app.middleware.use(HTTPSRedirectMiddleware(publicURL: settings.http.publicURL))
    }
    app.middleware.use(CORSMiddleware(configuration: .init(
        allowedOrigin: .any(settings.cors.allowedOrigins),
        allowedMethods: [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS],
        allowedHeaders: [.accept, .authorization, .contentType, .origin, .xRequestedWith, .xRequestId, "X-CSRF-Token"],
        allowCredentials: true,
        exposedHeaders: [.xRequestId, .retryAfter, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])))
    app.middleware.use(APIErrorMiddleware(debug: settings.debug))

    app.passwords.use(.bcrypt(cost: settings.auth.bcryptCost))
    app.decoyPasswordHash = try Bcrypt.hash(SecureToken.generate(), cost: settings.auth.bcryptCost)
    await AccessTokenKeys.configure(app)
    RateLimiting.configure(app)
    app.importJobs = ImportJobRunner(application: app)
    app.importAdmission = ImportAdmission()
    app.lifecycle.use(ImportJobsLifecycle())
    app.analysisTasks = BackgroundTasks()
    app.activityRowsCache = ActivityRowsCache()
    let activityListCache = ActivityListCache()
    app.activityListCache = activityListCache
    app.databases.middleware.use(ActivityListInvalidation(cache: activityListCache))
    app.lifecycle.use(BackgroundTasksLifecycle())
    app.stravaWorkerSignal = StravaWorkerSignal()
    app.stravaWorkerStats = StravaWorkerStats()
    app.stravaClockOffset = StravaClockOffset()
    app.stravaWorker = StravaWorker(application: app)
    app.lifecycle.use(StravaWorkerLifecycle())
    WorkMetrics.register(app)

    try routes(app)
    Commands.register(on: app)
    try await DatabaseSetup.prepare(app, settings: settings)
}

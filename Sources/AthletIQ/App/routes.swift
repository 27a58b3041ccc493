import Vapor

/// Every route of the app, by capability. Routes under `signedIn` require a valid access token,
/// are CSRF-checked when authenticated by cookie, and count against the per-user rate limit.
func routes(_ app: Application) throws {
    let open = app.grouped(UserAuthenticator())
    let signedIn = app.grouped(UserAuthenticator(), RequireUser(), CSRFProtection(), UserRateLimit())

    SystemController().register(on: app)
    AssetsController().register(on: app)
    AuthController().register(open: open, signedIn: signedIn)
    SessionsController().register(signedIn: signedIn)
    GoogleSignInController().register(open: open, signedIn: signedIn)
    DataRightsController().register(signedIn: signedIn)
    UploadController().register(signedIn: signedIn)
    ActivitiesController().register(signedIn: signedIn)
    AnalyticsController().register(signedIn: signedIn)
    CourseController().register(signedIn: signedIn)
    RelationsController().register(signedIn: signedIn)
    CurvesController().register(signedIn: signedIn)
    StravaOAuthController().register(open: open, signedIn: signedIn)
    StravaController().register(signedIn: signedIn)
    StravaWebhookController().register(open: app)
    PlansController().register(signedIn: signedIn)
    CalendarFeedController().register(open: open, signedIn: signedIn)
    GoogleCalendarController().register(open: open, signedIn: signedIn)
    WebController().register(app)
    ActivityEditPagesController().register(app)
    StravaPagesController().register(app)
    PlansPagesController().register(app)
    InsightsPagesController().register(app)
    CurvesPagesController().register(app)
    FitnessPagesController().register(app)
    SettingsPagesController().register(app)
    app.userData.register(AccountDataProvider())
    app.userData.register(ActivityDataProvider())
    app.userData.register(StravaDataProvider())
    app.userData.register(PlanDataProvider())
}

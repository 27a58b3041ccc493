@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import NIOCore

/// HTML snapshots of each page's view with a fixed model, and the pages over HTTP.
@Suite struct PageSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Compares with Tests/Snapshots/NAME.html; `RECORD_SNAPSHOTS=1` writes them anew.
    func assertSnapshot(_ html: String, named name: String) throws {
        let url = Self.directory.appendingPathComponent("\(name).html")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try html.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(html == expected, "the \(name) page changed; review and record with RECORD_SNAPSHOTS=1")
    }

    static let context = PageContext(language: .en, userName: "Ada Runner", csrfToken: "csrf-token", currentPath: "/")
    static let day = Date(timeIntervalSince1970: 1_700_000_000)
    static let rows = [
        DashboardPage.ActivityRow(id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, name: "Tempo <run>", sport: "run",
                                  date: day, distance: 10_230, movingTime: 2750, speed: 3.72),
        DashboardPage.ActivityRow(id: UUID(uuidString: "00000000-0000-0000-0000-000000000002")!, name: "Col du Galibier", sport: "ride",
                                  date: day.addingTimeInterval(86_400), distance: 84_000, movingTime: 14_400, speed: 5.8),
    ]

    static let listRows = [
        ActivitiesPage.Row(id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, name: "Tempo <run>", sport: "run",
                           date: day, distance: 10_230, movingTime: 2750, speed: 3.72, ascent: 84, heartRate: 161, load: 92,
                           badges: ["record", "race"]),
        ActivitiesPage.Row(id: UUID(uuidString: "00000000-0000-0000-0000-000000000002")!, name: "Col du Galibier", sport: "e_bike_ride",
                           date: day.addingTimeInterval(86_400), distance: 84_000, movingTime: 14_400, speed: 5.8, ascent: 2120,
                           heartRate: nil, load: 180, badges: ["strava"]),
    ]

    @Test func dashboard() throws {
        let model = DashboardPage.Model(period: "30", count: 2, distance: 94_230, movingTime: 17_150, elevation: 2120,
                                        volumeLabels: ["11-13", "11-20"], volumeKilometres: [10.2, 84],
                                        fitnessLabels: ["11-19", "11-20", "11-21"], fitness: [10, 12, 14.5], fatigue: [20, 35, 30],
                                        form: [-5, -10, -23], status: "productive", todayForm: -23, recent: Self.rows)
        try assertSnapshot(DashboardPage.render(model, context: Self.context), named: "dashboard-en")
        var french = Self.context
        french.language = .fr
        try assertSnapshot(DashboardPage.render(model, context: french), named: "dashboard-fr")
    }

    @Test func emptyDashboard() throws {
        let model = DashboardPage.Model(period: "7", count: 0, distance: 0, movingTime: 0, elevation: 0, volumeLabels: [], volumeKilometres: [],
                                        fitnessLabels: [], fitness: [], fatigue: [], form: [], status: nil, todayForm: nil, recent: [])
        let html = DashboardPage.render(model, context: Self.context)
        // A newcomer is shown the way in, not a form of "Neutral (0.0)" and charts of zeros.
        #expect(html.contains("href=\"/import\">Import files</a>") && html.contains("href=\"/strava\">Connect Strava</a>"))
        #expect(!html.contains("Neutral") && !html.contains("<svg class=\"chart\""))
        try assertSnapshot(html, named: "dashboard-empty")
    }

    @Test func activitiesLoginSignupAndErrors() throws {
        let filters = ActivitiesPage.Filters(query: "col", sport: "run", from: "2026-01-01", to: nil, races: false, sort: .distance, ascending: true)
        let list = ActivitiesPage.Model(items: Self.listRows, total: 60, page: 2, pages: 3, filters: filters)
        let html = ActivitiesPage.render(list, context: Self.context)
        // Sport names, not codes; the sorted column says so and its link turns the order round;
        // the pages keep the filters and the sort.
        #expect(html.contains("<td class=\"sport\">E-bike ride</td>") && !html.contains(">e_bike_ride<"))
        #expect(html.contains("<th aria-sort=\"ascending\" class=\"num\"><a href=\"/activities?q=col&amp;sport=run&amp;from=2026-01-01&amp;sort=distance&amp;order=desc\">Distance ▲</a></th>"))
        #expect(html.contains("href=\"/activities?q=col&amp;sport=run&amp;from=2026-01-01&amp;sort=distance&amp;order=asc&amp;page=3\""))
        #expect(html.contains("<a href=\"/activities?q=col&amp;sport=run&amp;from=2026-01-01&amp;sort=name&amp;order=asc\">Name</a>"))
        try assertSnapshot(html, named: "activities")
        let french = PageContext(language: .fr, currentPath: "/activities")
        #expect(ActivitiesPage.render(list, context: french).contains("<td class=\"sport\">Vélo électrique</td>"))
        let anonymous = PageContext(language: .en, currentPath: "/login")
        try assertSnapshot(AuthPages.login(AuthPages.Model(email: "ada@example.org", error: "The email or password is wrong.", next: "/activities"),
                                           context: anonymous), named: "login")
        try assertSnapshot(AuthPages.signup(AuthPages.Model(), context: anonymous), named: "signup")
        try assertSnapshot(ErrorPages.notFound(context: anonymous), named: "not-found")
    }

    @Test func activity() throws {
        let synthetic = SyntheticActivity.make(seed: 3, start: Self.day, seconds: 1800, sport: .run)
        let analysis = ActivityAnalyzer.analyze(synthetic.samples, sport: .run,
                                                parameters: AthleteParameters(maxHeartRate: 190, restingHeartRate: 50))
        let model = ActivityDetailPage.Model(
            id: UUID(uuidString: "00000000-0000-0000-0000-000000000003")!, name: "Hill <repeats>", sport: "run", date: Self.day,
            distance: analysis.distance, movingTime: analysis.movingTime, elapsedTime: analysis.elapsedTime, ascent: analysis.ascent,
            averageHeartRate: analysis.averageHeartRate, averageSpeed: analysis.averageSpeed, gradeAdjustedSpeed: analysis.gradeAdjustedSpeed,
            load: analysis.load, records: ["1k", "5k"], samples: synthetic.samples, analysis: analysis,
            laps: [(1000.0, 290.0, 151.0), (1000, 305, 158)].map { distance, seconds, heartRate in
                var lap = ActivitySummary()
                lap.distance = distance
                lap.timerTime = seconds
                lap.averageHeartRate = heartRate
                return LapDTO(lap)
            }, device: "Garmin Forerunner 945", calories: 512)
        let html = ActivityDetailPage.render(model, context: Self.context)
        #expect(html.contains("<h2>Laps</h2>") && html.contains("<td>4:50 /km</td>") && html.contains("<td>5:05 /km</td>"))
        #expect(html.contains("Recorded with Garmin Forerunner 945") && html.contains("512 kcal"))
        #expect(html.contains("<svg class=\"route\""))
        #expect(html.contains("Hill &lt;repeats&gt;"))
        // Best efforts read as people say them, not as codes.
        #expect(html.contains("PR · 1 km") && html.contains("PR · 5 km") && !html.contains("PR · 5k"))
        try assertSnapshot(html, named: "activity")
    }

    /// Each sport in its own measures: a ride in km/h with power and 5 km splits, a run in
    /// min/km over moving time with steps per minute, a swim per 100 m.
    @Test func activityFiguresFitTheSport() throws {
        func page(_ sport: Sport, seconds: Int = 3600, elapsed: Double? = nil) -> String {
            let synthetic = SyntheticActivity.make(seed: 7, start: Self.day, seconds: seconds, sport: sport)
            let analysis = ActivityAnalyzer.analyze(synthetic.samples, sport: sport,
                                                    parameters: AthleteParameters(maxHeartRate: 190, restingHeartRate: 50, ftp: 250))
            let model = ActivityDetailPage.Model(
                id: UUID(), name: "Session", sport: sport.rawValue, date: Self.day, distance: analysis.distance,
                movingTime: analysis.movingTime, elapsedTime: elapsed ?? analysis.elapsedTime, ascent: analysis.ascent,
                averageHeartRate: analysis.averageHeartRate,
                // The file's own average over elapsed time (with a long stop): not what is shown.
                averageSpeed: (analysis.distance ?? 0) / (analysis.elapsedTime + 1200), gradeAdjustedSpeed: analysis.gradeAdjustedSpeed,
                load: analysis.load, records: [], samples: synthetic.samples, analysis: analysis)
            return ActivityDetailPage.render(model, context: Self.context)
        }
        let ride = page(.ride)
        #expect(ride.contains(" km/h</strong>"))
        #expect(!ride.contains("/km</strong>"))
        #expect(!ride.contains("Grade-adjusted pace"))
        #expect(ride.contains("Normalized power") && ride.contains("Average power"))
        #expect(ride.contains("rpm"))
        let rideKilometres = SyntheticActivity.make(seed: 7, start: Self.day, seconds: 3600, sport: .ride).samples[.distance]?.last ?? 0
        let splits = ride.components(separatedBy: "<h2>Splits</h2>").last?.components(separatedBy: "</table>").first ?? ""
        let splitRows = splits.components(separatedBy: "<tr><td>").count - 1
        #expect(splitRows >= Int(rideKilometres / 5000) && splitRows <= Int(rideKilometres / 5000) + 1)
        // Power zones on a ride, with the time in each.
        #expect(ride.contains("<h2>Power zones</h2>") && ride.contains("table class=\"zones\""))

        let synthetic = SyntheticActivity.make(seed: 7, start: Self.day, seconds: 3600, sport: .run)
        let runAnalysis = ActivityAnalyzer.analyze(synthetic.samples, sport: .run, parameters: AthleteParameters(maxHeartRate: 190, restingHeartRate: 50))
        let run = page(.run)
        #expect(run.contains(Self.context.formats.pace(runAnalysis.averageSpeed) + "</strong>"))
        #expect(run.contains("spm"))
        #expect(!run.contains("rpm"))
        #expect(page(.swim, seconds: 1800).contains("/100 m</strong>"))
    }

    /// The charts carry what the chart script needs: one data block whose series line up with the
    /// x values, each chart's plot box and domains; `?x=time` draws them along the time, and an
    /// indoor activity (no distance) along the time without a switch.
    @Test func activityChartsCarryTheirDataAndSwitchTheirAxis() throws {
        let synthetic = SyntheticActivity.make(seed: 5, start: Self.day, seconds: 2400, sport: .run)
        func page(_ samples: SampleSeries, axis: ActivityCharts.Axis) -> String {
            let model = ActivityDetailPage.Model(
                id: UUID(uuidString: "00000000-0000-0000-0000-000000000005")!, name: "Run", sport: "run", date: Self.day,
                distance: samples[.distance]?.last, movingTime: 2400, elapsedTime: 2400, ascent: nil, averageHeartRate: nil,
                averageSpeed: nil, gradeAdjustedSpeed: nil, load: nil, records: [], samples: samples, analysis: nil, chartAxis: axis)
            return ActivityDetailPage.render(model, context: Self.context)
        }
        func data(_ html: String) throws -> [String: Any] {
            let attribute = try #require(html.components(separatedBy: "class=\"chartdata\" hidden data-json=\"").dropFirst().first?
                .components(separatedBy: "\"").first)
            let json = attribute.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
        let byDistance = page(synthetic.samples, axis: .distance)
        let along = try data(byDistance)
        let xs = try #require(along["x"] as? [Double])
        let series = try #require(along["series"] as? [[String: Any]])
        #expect(along["axis"] as? String == "distance")
        #expect(Set(series.compactMap { $0["key"] as? String }).isSuperset(of: ["heartRate", "speed", "altitude"]))
        #expect(series.allSatisfy { ($0["values"] as? [Any])?.count == xs.count })
        #expect((along["lat"] as? [Any])?.count == xs.count && (along["t"] as? [Any])?.count == xs.count)
        // The pace is drawn in minutes per km and written m:ss by the script.
        #expect(series.first { $0["key"] as? String == "speed" }?["pace"] as? Bool == true)
        // Each chart names its series and its domains: the distance runs from the first to the last kilometre.
        for index in series.indices { #expect(byDistance.contains("data-chart=\"\(index)\" data-plot=\"60,34,568,176\"")) }
        let kilometres = (synthetic.samples[.distance] ?? []).filter(\.isFinite)
        #expect(byDistance.contains(String(format: "data-x=\"%g,%g\"", (kilometres.min() ?? 0) / 1000, (kilometres.max() ?? 0) / 1000)))
        #expect(byDistance.contains("href=\"/activities/00000000-0000-0000-0000-000000000005?x=time\">Time</a>"))

        let byTime = page(synthetic.samples, axis: .time)
        let timed = try data(byTime)
        let minutes = try #require(timed["x"] as? [Double])
        #expect(timed["axis"] as? String == "time")
        #expect(minutes.first == 0 && abs((minutes.last ?? 0) - 40) < 1, "\(minutes.last ?? 0)")
        #expect(zip(minutes, minutes.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(byTime.contains("x=time\" aria-current=\"true\">Time</a>"))

        let indoor = SampleSeries(count: synthetic.samples.count,
                                  columns: synthetic.samples.columns.filter { [.time, .heartRate, .power].contains($0.key) })
        let treadmill = page(indoor, axis: .distance)
        #expect(try data(treadmill)["axis"] as? String == "time")
        #expect(!treadmill.contains("class=\"axisswitch"))
    }

    /// The activity page of each kind of sport, as a whole: a run (pace, steps per minute), a ride
    /// (speed, power, power zones, 5 km splits), a swim (pace per 100 m) and a hike.
    @Test(arguments: [(Sport.run, 1800), (.ride, 3600), (.swim, 1200), (.hike, 3600)])
    func activityPagePerSport(sport: Sport, seconds: Int) throws {
        let synthetic = SyntheticActivity.make(seed: 21, start: Self.day, seconds: seconds, sport: sport)
        let analysis = ActivityAnalyzer.analyze(synthetic.samples, sport: sport,
                                                parameters: AthleteParameters(maxHeartRate: 190, restingHeartRate: 50, ftp: 250))
        let model = ActivityDetailPage.Model(
            id: UUID(uuidString: "00000000-0000-0000-0000-000000000021")!, name: "Session", sport: sport.rawValue, date: Self.day,
            distance: analysis.distance, movingTime: analysis.movingTime, elapsedTime: analysis.elapsedTime, ascent: analysis.ascent,
            averageHeartRate: analysis.averageHeartRate, averageSpeed: analysis.averageSpeed, gradeAdjustedSpeed: analysis.gradeAdjustedSpeed,
            load: analysis.load, records: [], samples: synthetic.samples, analysis: analysis)
        try assertSnapshot(ActivityDetailPage.render(model, context: Self.context), named: "activity-\(sport.rawValue)")
    }

    /// A 6 × 800 m session shows its efforts, numbered, with their pace; a steady run shows none.
    @Test func anIntervalSessionShowsItsEfforts() throws {
        var samples = SampleSeries()
        var distance = 0.0, second = 0
        var blocks: [(Int, Double)] = [(600, 3.0)]
        for _ in 0..<6 { blocks += [(160, 5.0), (200, 2.5)] }
        blocks.append((600, 3.0))
        for (seconds, speed) in blocks {
            for _ in 0..<seconds {
                distance += speed
                samples.append([.time: 1_700_000_000 + Double(second), .speed: speed, .distance: distance, .heartRate: speed > 4 ? 172 : 140])
                second += 1
            }
        }
        func page(_ samples: SampleSeries) -> String {
            ActivityDetailPage.render(ActivityDetailPage.Model(
                id: UUID(), name: "6 x 800", sport: "run", date: Self.day, distance: distance, movingTime: Double(second),
                elapsedTime: Double(second), ascent: nil, averageHeartRate: nil, averageSpeed: nil, gradeAdjustedSpeed: nil, load: nil,
                records: [], samples: samples, analysis: nil), context: Self.context)
        }
        let html = page(samples)
        let table = html.components(separatedBy: "<h2>Intervals</h2>").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        #expect(table.contains("<tr><td>6</td><td>Work</td>") && !table.contains("<tr><td>7</td>"))
        #expect(table.components(separatedBy: "<td>3:20 /km</td>").count - 1 == 6, "\(table)")
        var steady = SampleSeries()
        for second in 0..<3600 { steady.append([.time: Double(second), .speed: 3.2, .distance: Double(second) * 3.2]) }
        #expect(!page(steady).contains("<h2>Intervals</h2>"))
    }

    /// Lists show the pace over moving time, as the page and the time beside it do.
    @Test func listsShowThePaceOverMovingTime() {
        let activity = Activity()
        activity.distance = 9000
        activity.movingTime = 2815
        activity.averageSpeed = 9000 / 2830.0
        #expect(WebController.movingSpeed(activity) == 9000 / 2815.0)
        activity.movingTime = nil
        #expect(WebController.movingSpeed(activity) == 9000 / 2830.0)
    }

    @Test func importPage() throws {
        var report = ImportReport()
        report.files = [ImportOutcome(path: "run.fit", status: .imported, activityID: UUID(uuidString: "00000000-0000-0000-0000-000000000004")),
                        ImportOutcome(path: "broken.fit", status: .failed, code: "invalid_file", message: "the file ends early (at byte 512)")]
        try assertSnapshot(ImportPage.render(ImportPage.Model(report: report), context: Self.context), named: "import")
    }

    @Test func textIsEscaped() {
        let html = ActivitiesPage.render(ActivitiesPage.Model(items: Self.listRows, total: 2, page: 1, pages: 1,
                                                              filters: .init(query: "\"><script>alert(1)</script>")), context: Self.context)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("Tempo &lt;run&gt;"))
    }
}

@Suite struct PageFlowTests {
    let origin: HTTPHeaders = ["Origin": "http://localhost:8080", "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"]

    @Test func signUpSeeTheDashboardSwitchLanguageAndLogOut() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/", headers: ["Accept": "text/html"]) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login")
            }
            var cookies: [String: String] = [:]
            try await app.testing().test(.POST, "signup", headers: origin,
                                         body: ByteBuffer(string: "full_name=Ada+Runner&email=ada%40example.org&password=long+enough+pw")) { res async in
                #expect(res.status == .seeOther)
                cookies = TestUsers.cookies(from: res)
            }
            let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            try await app.testing().test(.GET, "/", headers: ["Cookie": cookie, "Accept": "text/html"]) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Dashboard"))
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            }
            var languageCookie = ""
            try await app.testing().test(.GET, "/?lang=fr", headers: ["Cookie": cookie]) { res async in
                #expect(res.status == .seeOther)
                languageCookie = TestUsers.cookies(from: res)["athletiq_lang"].map { "; athletiq_lang=\($0)" } ?? ""
            }
            try await app.testing().test(.GET, "/activities", headers: ["Cookie": cookie + languageCookie]) { res async in
                #expect(res.body.string.contains("Activités"))
            }
            // A GET switches this browser only: the account's language is changed by the settings form.
            #expect(try await User.query(on: app.db).filter(\.$email == "ada@example.org").first()?.locale != "fr")
            // A wrong password on the form shows the error on the form.
            try await app.testing().test(.POST, "login", headers: origin, body: ByteBuffer(string: "email=ada%40example.org&password=nope")) { res async in
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("role=\"alert\""))
            }
            // The plain upload form: the session's CSRF token travels in the query string.
            let (multipartHeaders, body) = TestFiles.multipart([("run.fit", try TestFiles.data("fit/fitparse-Activity.fit"))])
            var formHeaders = multipartHeaders
            formHeaders.add(name: "Cookie", value: cookie)
            formHeaders.add(name: "Origin", value: "http://localhost:8080")
            try await app.testing().test(.POST, "import?_csrf=forged", headers: formHeaders, body: body) { res async in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.POST, "import?_csrf=\(cookies[AuthCookies.csrf] ?? "")", headers: formHeaders, body: body) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("class=\"imported\""))
            }
            // Logging out needs the CSRF token of the session.
            try await app.testing().test(.POST, "logout", headers: ["Cookie": cookie, "Origin": "http://localhost:8080",
                                                                   "Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "_csrf=wrong")) { res async in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.POST, "logout", headers: ["Cookie": cookie, "Origin": "http://localhost:8080",
                                                                   "Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "_csrf=\(cookies[AuthCookies.csrf] ?? "")")) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login")
            }
            try await app.testing().test(.GET, "/no/such/page", headers: ["Accept": "text/html"]) { res async in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .html)
                #expect(res.body.string.contains("href=\"/\""))
            }
        }
    }

    /// An unknown address answers 404 with the athlete's own navigation when they are signed in
    /// (no route ran the authenticator for it), and with the signed-out header otherwise.
    @Test func aSignedInAthletesNotFoundPageKeepsTheirNavigation() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var headers = user.browser()
            headers.replaceOrAdd(name: .accept, value: "text/html")
            try await app.testing().test(.GET, "no-such-page", headers: headers) { res async in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("href=\"/activities\"") && res.body.string.contains("Page not found"))
            }
            try await app.testing().test(.GET, "no-such-page", headers: ["Accept": "text/html"]) { res async in
                #expect(res.status == .notFound)
                #expect(!res.body.string.contains("href=\"/activities\""))
            }
        }
    }

    @Test func anExpiredAccessCookieIsRefreshedTransparently() async throws {
        try await withTestApp(["ACCESS_TOKEN_TTL_SECONDS": "60"]) { app in
            let user = try await TestUsers.signUp(app)
            // Only the refresh cookie: the page signs in again and sets fresh cookies.
            try await app.testing().test(.GET, "/", headers: ["Cookie": "\(AuthCookies.refresh)=\(user.cookies[AuthCookies.refresh] ?? "")"]) { res async in
                #expect(res.status == .ok)
                #expect(TestUsers.cookies(from: res)[AuthCookies.access] != nil)
            }
        }
    }
}

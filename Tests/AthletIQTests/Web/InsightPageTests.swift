@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct InsightPageTests {
    static let day = Date(timeIntervalSince1970: 1_796_205_720)

    @Test func predictorPage() throws {
        let efforts = [Performance(distance: 10_000, time: 2700, date: Self.day), Performance(distance: 5000, time: 1290, date: Self.day)]
        let predictions = PredictPage.distances.compactMap { RacePrediction.predict(distance: $0.0, from: efforts) }
        let points = CoursePredictor.synthetic(distance: 30_000, gain: 1500, loss: 1500)
        let course = CoursePredictor.forecast(points: points, trail: true, terrainFactor: 1.15,
                                              aidStations: [("Col", 12_500), ("Refuge", 21_000)]) { distance in
            RacePrediction.riegel(from: Performance(distance: 10_000, time: 2700), to: distance)
        }
        let model = PredictPage.Model(predictions: predictions, course: course, form: ["distance_km": "30", "gain": "1500", "trail": "true"])
        let html = PredictPage.render(model, context: PageSnapshotTests.context)
        #expect(predictions.count == 4)
        #expect(html.contains("class=\"area\""))
        #expect(html.contains("<td>Refuge</td>"))
        #expect(!html.contains("style="))
        try PageSnapshotTests().assertSnapshot(html, named: "predict")
    }

    @Test func recordsPage() throws {
        let id = UUID(uuidString: "00000000-0000-0000-0000-000000000009")!
        let records = [RecordDTO(name: "5k", value: 1290, unit: "s", activityID: id, date: Self.day),
                       RecordDTO(name: "20min", value: 265, unit: "W", activityID: id, date: Self.day)]
        let history = [RecordDTO(name: "5k", value: 1350, unit: "s", activityID: id, date: Self.day.addingTimeInterval(-90 * 86_400)), records[0]]
        let boxes = [SVGChart.Box(label: "Z1", lower: 390, firstQuartile: 370, median: 360, thirdQuartile: 350, upper: 330, count: 900),
                     SVGChart.Box(label: "Z2", lower: 350, firstQuartile: 335, median: 325, thirdQuartile: 315, upper: 300, count: 4000)]
        let model = RecordsPage.Model(records: records, selected: "5k", history: history, zones: boxes,
                                      climb: [(5, 300), (20, 330), (45, 390)], correlation: 0.91)
        let html = RecordsPage.render(model, context: PageSnapshotTests.context)
        #expect(html.contains("class=\"box\"") && html.contains("class=\"dot\""))
        #expect(html.contains("265 W"))
        #expect(html.contains("<th>2nd</th><th>3rd</th>") && html.contains("href=\"/records?family=running&amp;record=5k\""))
        try PageSnapshotTests().assertSnapshot(html, named: "records")
        let empty = RecordsPage.render(RecordsPage.Model(records: [], selected: nil, history: [], zones: [], climb: [], correlation: nil),
                                       context: PageSnapshotTests.context)
        #expect(empty.components(separatedBy: "class=\"empty\"").count == 4)
    }

    @Test func curvesPage() throws {
        let ride = UUID(uuidString: "00000000-0000-0000-0000-000000000021")!, older = UUID(uuidString: "00000000-0000-0000-0000-000000000022")!
        func curve(_ id: UUID, name: String, boost: Double) -> DurationCurveService.Curve {
            let entries = DurationCurves.durations.prefix(22).map { seconds in
                DurationCurveService.Entry(point: .init(x: seconds, value: 250 + 20_000 / max(seconds, 30) + boost), activityID: id,
                                           startDate: Self.day, activityName: name)
            }
            return DurationCurveService.Curve(kind: .power, family: "cycling", entries: entries,
                                              model: CriticalPowerModel.power(entries.map(\.point)))
        }
        let model = CurvesPage.Model(selection: CurveSelection(), curve: curve(ride, name: "Col <du> Galibier", boost: 0),
                                     compared: curve(older, name: "Winter ride", boost: -20), current: (240, true), message: nil)
        let html = CurvesPage.render(model, context: PageSnapshotTests.context)
        #expect(html.contains("Col &lt;du&gt; Galibier") && !html.contains("Col <du>"))
        #expect(html.contains("href=\"/activities/\(ride.uuidString)\""))
        #expect(html.contains("Critical power") && html.contains("250 W") && html.contains("240 W (estimated)"))
        #expect(html.contains("<td>20 min</td>") && html.contains("<td>45 min</td>"))
        try PageSnapshotTests().assertSnapshot(html, named: "curves")
        let empty = CurvesPage.render(CurvesPage.Model(selection: CurveSelection(kind: .pace, family: "running"),
                                                       curve: DurationCurveService.Curve(kind: .pace, family: "running", entries: [], model: nil),
                                                       compared: nil, current: nil, message: nil), context: PageSnapshotTests.context)
        #expect(empty.contains("class=\"empty\"") && !empty.contains("<svg"))
    }

    @Test func fitnessPage() throws {
        // Two years of training in blocks (three weeks up, one down), then a planned week.
        let today = FitnessModel.dayNumber(Self.day)
        var loads: [Int: Double] = [:]
        for day in (today - 729)...today where day % 7 != 0 { loads[day] = Double(40 + (day / 7 % 4) * 25) }
        let days = FitnessModel.series(loads: loads, from: today - 729, to: today).map(StatisticsService.dto)
        let planned = [today + 2: 90.0, today + 4: 120.0, today + 6: 200.0]
        let projected = FitnessModel.series(loads: planned, from: today + 1, to: today + 42,
                                            initialFitness: days.last?.fitness ?? 0, initialFatigue: days.last?.fatigue ?? 0)
            .map(StatisticsService.dto)
        let chart = FitnessResponse(metric: "load", timeZone: "Europe/Paris", days: days, status: "productive", today: days.last,
                                    projected: projected)
        let html = FitnessPage.render(FitnessPage.Model(range: .years2, metric: "load", chart: chart), context: PageSnapshotTests.context)
        #expect(html.contains("class=\"projected\"") && html.contains("band-productive"))
        #expect(html.contains("Ramp rate") && html.contains("With the sessions planned"))
        // 730 days and 42 planned are drawn as at most 400 points a line.
        let formPath = try #require(html.components(separatedBy: "class=\"form\" d=\"").dropFirst().first?.prefix { $0 != "\"" })
        #expect(formPath.filter { $0 == "L" }.count < 400)
        try PageSnapshotTests().assertSnapshot(html, named: "fitness")
    }

    @Test func settingsPage() throws {
        var profile = ProfileDTO()
        profile.maxHeartRate = 188
        profile.restingHeartRate = 50
        profile.thresholdSpeed = 4.2
        profile.estimated = ["threshold_speed"]
        profile.heartRateZoneMethod = HeartRateZoneMethod.reserve.rawValue
        profile.heartRateZones = Zones.heartRate(max: 188, resting: 50)
        let sessions = [SessionResponse(id: UUID(uuidString: "00000000-0000-0000-0000-000000000010")!, device: "Firefox on Linux", ip: "192.0.2.4",
                                        createdAt: Self.day, lastSeenAt: Self.day, current: true),
                        SessionResponse(id: UUID(uuidString: "00000000-0000-0000-0000-000000000011")!, device: "Safari on iPhone", ip: "198.51.100.7",
                                        createdAt: Self.day, lastSeenAt: Self.day, current: false)]
        let model = SettingsPage.Model(name: "Ada <Runner>", locale: "fr", theme: nil, timeZone: "Europe/Paris",
                                       timeZones: ["America/New_York", "Europe/Paris"], hasPassword: true, profile: profile,
                                       sessions: sessions, stravaConnected: true)
        let html = SettingsPage.render(model, context: PageSnapshotTests.context)
        #expect(html.contains("value=\"Ada &lt;Runner&gt;\""))
        #expect(html.contains("<option value=\"fr\" selected>"))
        #expect(html.contains("name=\"time_zone\" value=\"Europe/Paris\" list=\"time-zones\""))
        #expect(html.contains("<datalist id=\"time-zones\"><option value=\"America/New_York\"><option value=\"Europe/Paris\"></datalist>"))
        #expect(html.contains("estimated"))
        #expect(html.contains("/settings/sessions/00000000-0000-0000-0000-000000000011/revoke"))
        #expect(html.contains("pattern=\"DELETE MY ACCOUNT\""))
        try PageSnapshotTests().assertSnapshot(html, named: "settings")
    }

    @Test func pagesOverHTTP() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app, password: "correct horse battery")
            let userID = UUID(uuidString: user.id)!
            let run = SyntheticActivity.make(seed: 4, start: Date().addingTimeInterval(-3 * 86_400), seconds: 3000, sport: .run)
            _ = try await ActivityImporter(database: app.db, userID: userID, logger: app.logger).importUpload(name: "r.fit", data: FITEncoder().encode(run))
            for path in ["predict", "records", "records?record=5k", "settings"] {
                try await app.testing().test(.GET, path, headers: user.browser()) { res async in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.string.contains("<main"), "\(path)")
                }
            }
            // The course form without a GPX.
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            let boundary = "b-\(UUID().uuidString)"
            var body = ""
            for (name, value) in [("distance_km", "21,1"), ("gain", "800"), ("trail", "true"), ("aid", "10:Col")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)--\r\n"
            try await app.testing().test(.POST, "predict?_csrf=\(csrf)", headers: user.browser().merging(["Content-Type": "multipart/form-data; boundary=\(boundary)"]),
                                         body: ByteBuffer(string: body)) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("<td>Col</td>"))
                #expect(res.body.string.contains("class=\"area\""))
            }
            // Settings forms.
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "settings/profile", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&full_name=Ada+Lovelace&locale=fr&theme=dark")) { res async in
                #expect(res.headers.first(name: .location) == "/settings?done=saved")
            }
            try await app.testing().test(.GET, "settings?done=saved", headers: user.browser()) { res async in
                #expect(res.body.string.contains("Enregistré."))
                #expect(res.body.string.contains("data-theme=\"dark\""))
            }
            try await app.testing().test(.POST, "settings/physiology", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&max_heart_rate=190&threshold_pace=4%3A10&resting_heart_rate=")) { res async in
                #expect(res.headers.first(name: .location) == "/settings?done=saved")
            }
            await app.analysisTasks.waitForAll()
            let profile = try #require(try await AthleteProfile.query(on: app.db).filter(\.$user.$id == userID).first())
            #expect(profile.maxHeartRate == 190)
            #expect(abs((profile.thresholdSpeed ?? 0) - 1000.0 / 250) < 1e-9)
            try await app.testing().test(.POST, "settings/physiology", headers: form, body: ByteBuffer(string: "_csrf=\(csrf)&max_heart_rate=400")) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            // A deletion needs the typed phrase.
            try await app.testing().test(.POST, "settings/delete-data", headers: form, body: ByteBuffer(string: "_csrf=\(csrf)&confirm=yes")) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.POST, "settings/delete-data", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&confirm=DELETE+ALL+MY+DATA")) { res async in
                #expect(res.headers.first(name: .location) == "/settings?done=deleted")
            }
            #expect(try await Activity.query(on: app.db).filter(\.$user.$id == userID).count() == 0)
            try await app.testing().test(.POST, "settings/delete-account", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&confirm=DELETE+MY+ACCOUNT&password=correct+horse+battery")) { res async in
                #expect(res.headers.first(name: .location) == "/login")
            }
            #expect(try await User.find(userID, on: app.db) == nil)
        }
    }
}

@Suite struct ActivityListPageTests {
    @Test func badgesSportCorrectionAndBulkActions() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let userID = UUID(uuidString: user.id)!
            let importer = ActivityImporter(database: app.db, userID: userID, logger: app.logger)
            var ids: [UUID] = []
            for day in 1...3 {
                let run = SyntheticActivity.make(seed: UInt64(day), start: Date().addingTimeInterval(-Double(day) * 86_400), seconds: 1500 + day * 300, sport: .run)
                ids.append(try #require(try await importer.importUpload(name: "r\(day).fit", data: FITEncoder().encode(run)).files.first?.activityID))
            }
            try await app.testing().test(.GET, "activities", headers: user.browser()) { res async in
                let html = res.body.string
                #expect(html.contains("class=\"badge record\""))
                #expect(html.contains("value=\"\(ids[0].uuidString)\" form=\"bulk\""))
                #expect(html.contains("id=\"bulk\""))
                // Newest first by default.
                #expect(Self.order(html, ids) == [0, 1, 2])
            }
            // Sorted by a column, both ways; the longest run is the oldest.
            try await app.testing().test(.GET, "activities?sort=distance&order=desc", headers: user.browser()) { res async in
                #expect(Self.order(res.body.string, ids) == [2, 1, 0])
                #expect(res.body.string.contains("aria-sort=\"descending\""))
            }
            try await app.testing().test(.GET, "activities?sort=time&order=asc", headers: user.browser()) { res async in
                #expect(Self.order(res.body.string, ids) == [0, 1, 2])
            }
            // Filtered by the athlete's days (both ends included) and to races.
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let twoDaysAgo = formatter.string(from: Date().addingTimeInterval(-2 * 86_400))
            try await app.testing().test(.GET, "activities?from=\(twoDaysAgo)", headers: user.browser()) { res async in
                #expect(Self.order(res.body.string, ids) == [0, 1])
            }
            try await app.testing().test(.GET, "activities?to=\(twoDaysAgo)", headers: user.browser()) { res async in
                #expect(Self.order(res.body.string, ids) == [1, 2])
            }
            let race = try #require(try await Activity.find(ids[2], on: app.db))
            race.isRace = true
            try await race.save(on: app.db)
            try await app.testing().test(.GET, "activities?race=on&sort=nonsense&page=abc", headers: user.browser()) { res async in
                #expect(res.status == .ok)
                #expect(Self.order(res.body.string, ids) == [2])
                #expect(res.body.string.contains("class=\"badge race\""))
            }
            try await app.testing().test(.GET, "api/v1/activities?race=true&sort=distance&order=asc", headers: user.bearer) { res async throws in
                let items = try res.json()["items"] as? [[String: Any]]
                #expect(items?.compactMap { $0["id"] as? String } == [ids[2].uuidString])
            }
            try await app.testing().test(.GET, "api/v1/activities?sort=nonsense", headers: user.bearer) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "activities/\(ids[0].uuidString)/sport", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&sport=trail_run")) { res async in
                #expect(res.status == .seeOther)
            }
            let corrected = try #require(try await Activity.find(ids[0], on: app.db))
            #expect(corrected.sport == "trail_run" && corrected.sportLocked)
            try await app.testing().test(.POST, "activities/bulk", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&ids[]=\(ids[1].uuidString)&ids[]=\(ids[2].uuidString)&action=sport%3Awalk")) { res async in
                #expect(res.headers.first(name: .location) == "/activities?done=updated")
            }
            #expect(try await Activity.query(on: app.db).filter(\.$sport == "walk").count() == 2)
            try await app.testing().test(.POST, "activities/bulk", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&ids[]=\(ids[1].uuidString)&ids[]=\(ids[2].uuidString)&action=delete")) { res async in
                #expect(res.headers.first(name: .location) == "/activities?done=deletedMany")
            }
            #expect(try await Activity.query(on: app.db).count() == 1)
            // Another user's ids are ignored.
            let stranger = try await TestUsers.signUp(app)
            var strangerForm = stranger.browser()
            strangerForm.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "activities/bulk", headers: strangerForm,
                                         body: ByteBuffer(string: "_csrf=\(stranger.cookies[AuthCookies.csrf] ?? "")&ids[]=\(ids[0].uuidString)&action=delete")) { _ async in }
            #expect(try await Activity.query(on: app.db).count() == 1)
            // A week by day has seven bars, rest days included (one run is left after the deletions).
            try await app.testing().test(.GET, "?period=7&metric=distance&group=day", headers: user.browser()) { res async in
                #expect(res.body.string.components(separatedBy: "<rect class=\"bar\"").count - 1 == 7)
            }
            // The dashboard's chart follows the chosen measure and grouping.
            try await app.testing().test(.GET, "?period=90&metric=time&group=month&family=running", headers: user.browser()) { res async in
                let html = res.body.string
                #expect(html.contains("Volume: time"))
                #expect(html.contains("aria-current=\"true\" class=\"chip active\">By month"))
            }
        }
    }

    /// Which of the activities the list shows, in its order (by index in `ids`).
    static func order(_ html: String, _ ids: [UUID]) -> [Int] {
        ids.enumerated().compactMap { index, id in html.range(of: "value=\"\(id.uuidString)\" form=\"bulk\"").map { (index, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }
}

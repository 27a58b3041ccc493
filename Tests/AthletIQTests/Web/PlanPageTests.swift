@testable import AthletIQ
import AthletIQCore
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct PlanPageTests {
    static let ids = (0..<4).map { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", $0 + 100))! }

    static func plan(_ index: Int, date: String, type: WorkoutType, name: String, completed: Bool = false) throws -> PlanResponse {
        let model = PlannedWorkout()
        model.id = ids[index]
        model.date = date
        model.name = name
        model.type = type.rawValue
        model.sport = type.sport.rawValue
        model.distance = type == .rest ? nil : 10_000
        model.zone = type.typicalZone
        model.completed = completed
        return try PlanResponse(model)
    }

    static func model() throws -> PlansPage.Model {
        let easy = try plan(0, date: "2026-12-01", type: .easy, name: "Footing <easy>")
        let long = try plan(1, date: "2026-12-05", type: .long, name: "Sortie longue")
        let rest = try plan(2, date: "2026-12-06", type: .rest, name: "Repos")
        var days = PlanDates.days(from: "2026-11-30", to: "2027-01-03").map { PlanCalendarResponse.Day(date: $0) }
        days[1].sessions = [easy]
        days[1].activities = [ActivityBrief(id: ids[3], name: "Morning run", sport: "run", distance: 10_400, duration: 3300)]
        days[5].sessions = [long]
        days[6].sessions = [rest]
        let comparison = PlanComparisonResponse(
            from: "2026-11-30", to: "2027-01-03",
            sessions: [.init(plan: easy, status: "done"), .init(plan: long, status: "missed"), .init(plan: rest, status: "rest")],
            weeks: [.init(week: "2026-W49", start: "2026-11-30", plannedSessions: 2, completedSessions: 1, plannedDistance: 20_000,
                          actualDistance: 10_400, activities: 1)],
            completionRate: 50)
        var report = PlanImportReport()
        report.plan = "coach"
        report.add(.init(line: 2, status: .imported, planId: ids[0]))
        report.add(.init(line: 9, status: .skipped, message: "date \"31/02/2026\" cannot be read"))
        return PlansPage.Model(month: "2026-12", today: "2026-12-02", calendar: PlanCalendarResponse(from: "2026-11-30", to: "2027-01-03", days: days),
                               comparison: comparison, feedURL: "https://athletiq.example.org/calendar/secret.ics",
                               googleConfigured: true, googleConnected: true,
                               calendars: [.init(id: "primary", summary: "Ada", primary: true, accessRole: "owner")], report: report)
    }

    @Test func monthPage() throws {
        let html = PlansPage.render(try Self.model(), context: PageSnapshotTests.context)
        #expect(html.contains("Footing &lt;easy&gt;"))
        #expect(html.contains("class=\"session done\""))
        #expect(html.contains("class=\"session missed\""))
        #expect(html.contains("December 2026"))
        #expect(html.contains("50 %"))
        // Weeks read as days, not ISO numbers.
        #expect(html.contains("<td>30 Nov – 6 Dec</td>") && !html.contains("2026-W49"))
        #expect(PageSnapshotTests.context.formats.week(from: "2026-12-07") == "7–13 Dec")
        #expect(!html.contains("style="))
        try PageSnapshotTests().assertSnapshot(html, named: "plans")
        var french = PageSnapshotTests.context
        french.language = .fr
        let fr = PlansPage.render(try Self.model(), context: french)
        #expect(fr.contains("Décembre 2026") && fr.contains("Sortie longue") && fr.contains("Lun"))
        try PageSnapshotTests().assertSnapshot(fr, named: "plans-fr")
    }

    @Test func sessionPage() throws {
        let session = PlanComparisonResponse.Session(
            plan: try Self.plan(0, date: "2026-12-01", type: .easy, name: "Footing"), activity: ActivityBrief(id: Self.ids[3], name: "Morning run",
                                                                                                          sport: "run", distance: 10_400, duration: 3300),
            status: "done", distanceDifference: 400, durationDifference: nil, paceDifference: nil, completionScore: 96)
        let html = PlanSessionPage.render(PlanSessionPage.Model(session: session, sameDay: []), context: PageSnapshotTests.context)
        #expect(html.contains("96 / 100"))
        #expect(html.contains("name=\"distance_km\" value=\"10\""))
        try PageSnapshotTests().assertSnapshot(html, named: "plan-session")
    }

    @Test func theFormsOverHTTP() async throws {
        try await withTestApp { app in
            app.clock = ManualClock(PlanDates.date("2026-12-02")!.addingTimeInterval(9 * 3600))
            let user = try await TestUsers.signUp(app)
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "plans/new", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&date=2026-12-04&type=long&name=&distance_km=18%2C5&duration=1h50&pace=5%3A45&zone=2")) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/plans?month=2026-12&done=created")
            }
            let plan = try #require(try await PlannedWorkout.query(on: app.db).first())
            #expect(plan.name == "Long - 18.5 km" && plan.distance == 18_500 && plan.duration == 6600 && plan.zone == 2)
            try await app.testing().test(.GET, "plans?month=2026-12&done=created", headers: user.browser()) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Long - 18.5 km"))
                #expect(res.body.string.contains("The session was added."))
            }
            // A bad value is explained on the page.
            try await app.testing().test(.POST, "plans/new", headers: form,
                                         body: ByteBuffer(string: "_csrf=\(csrf)&date=2026-12-04&type=long&duration=soon")) { res async in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Duration &quot;soon&quot; cannot be read."))
            }
            let id = try plan.requireID().uuidString
            try await app.testing().test(.POST, "plans/\(id)/complete", headers: form, body: ByteBuffer(string: "_csrf=\(csrf)&completed=true")) { _ async in }
            #expect(try await PlannedWorkout.find(plan.id, on: app.db)?.completed == true)
            try await app.testing().test(.GET, "plans/\(id)", headers: user.browser()) { res async in
                #expect(res.body.string.contains("Mark as not done"))
            }
            // Importing from the page shows the report.
            let (headers, body) = TestFiles.multipart([("coach.tsv", try TestFiles.data("plans/coach-plan.tsv"))])
            try await app.testing().test(.POST, "plans/import?_csrf=\(csrf)", headers: user.browser().merging(headers), body: body) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("10 imported"))
                #expect(res.body.string.contains("date &quot;31/02/2026&quot; cannot be read"))
            }
            try await app.testing().test(.POST, "plans/\(id)/delete", headers: form, body: ByteBuffer(string: "_csrf=\(csrf)")) { res async in
                #expect(res.headers.first(name: .location) == "/plans?month=2026-12&done=deleted")
            }
            // Another user's session is not found.
            let stranger = try await TestUsers.signUp(app)
            let other = try #require(try await PlannedWorkout.query(on: app.db).first())
            try await app.testing().test(.GET, "plans/\(try other.requireID())", headers: stranger.browser()) { res async in
                #expect(res.status == .notFound)
            }
        }
    }
}

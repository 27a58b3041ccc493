@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct GoogleCalendarTests {
    /// Connects Google Calendar through the real redirects: our connect endpoint, the stand-in's
    /// consent page, our callback.
    static func connect(_ app: Application, _ user: SignedInUser) async throws -> String {
        var consent = ""
        try await app.testing().test(.GET, "api/v1/google/calendar/connect", headers: user.browser()) { res async in
            #expect(res.status == .found)
            consent = res.headers.first(name: .location) ?? ""
        }
        #expect(consent.contains("access_type=offline") && consent.contains("calendar"))
        let answer = try await app.client.get(URI(string: consent))
        let callback = answer.headers.first(name: .location) ?? ""
        #expect(callback.hasPrefix("http://localhost:8080/api/v1/google/calendar/callback?"))
        var location = ""
        try await app.testing().test(.GET, String(callback.dropFirst("http://localhost:8080/".count)), headers: user.browser()) { res async in
            location = res.headers.first(name: .location) ?? ""
        }
        return location
    }

    @Test func exportImportRoundTripWithoutDuplicates() async throws {
        try await withTestAppAndGoogle { app, google in
            app.clock = SystemClock()
            let user = try await TestUsers.signUp(app)
            #expect(try await Self.connect(app, user) == "http://localhost:8080/plans?calendar=connected")
            let connection = try #require(try await GoogleCalendarConnection.query(on: app.db).first())
            #expect(connection.refreshTokenSealed != nil)
            #expect(try await DatabaseScan.columnsContaining("ya29.", in: app.db).isEmpty)
            try await app.testing().test(.GET, "api/v1/google/calendar/calendars", headers: user.bearer) { res async throws in
                let items = try res.json()["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? String } == ["club@group.calendar.google.com", "primary"])
            }
            let today = PlanDates.day(Date())
            let plan = try await PlansAPITests.create(app, user, ["date": PlanDates.adding(2, to: today), "time": "18:30", "type": "intervals",
                                                                 "name": "Track", "duration": 3600])
            _ = try await PlansAPITests.create(app, user, ["date": PlanDates.adding(4, to: today), "type": "long", "distance": 20_000])
            func export() async throws -> [String: Any] {
                var body: [String: Any] = [:]
                try await app.testing().test(.POST, "api/v1/google/calendar/export", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                             body: TestUsers.json(["calendar_id": "club@group.calendar.google.com"])) { res async throws in
                    #expect(res.status == .ok, "\(res.body.string)")
                    body = try res.json()
                }
                return body
            }
            var report = try await export()
            #expect(report["created"] as? Int == 2 && report["updated"] as? Int == 0)
            // Again, after an edit: updated in place, never duplicated.
            try await app.testing().test(.PATCH, "api/v1/plans/\(plan["id"] as? String ?? "")", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["name": "Track, 6 x 800"])) { _ async in }
            report = try await export()
            #expect(report["created"] as? Int == 0 && report["updated"] as? Int == 2)
            let events = google.events(in: "club@group.calendar.google.com")
            #expect(events.count == 2)
            let track = try #require(events.first { $0.summary == "Track, 6 x 800" })
            #expect(track.id == GoogleCalendarService.eventID(UUID(uuidString: plan["id"] as? String ?? "")!))
            #expect(track.start?.dateTime?.hasSuffix("T18:30:00Z") == true && track.end?.dateTime?.hasSuffix("T19:30:00Z") == true)
            #expect(events.first { $0.summary != track.summary }?.start?.date == PlanDates.adding(4, to: today))

            // Import: sport events of the user's own calendar become sessions; ours and non-sport ones are skipped.
            let formatter = ISO8601DateFormatter()
            let morning = PlanDates.date(PlanDates.adding(3, to: today))!.addingTimeInterval(7 * 3600)
            google.addEvent(.init(id: "evt1", summary: "Footing 10 km", description: "Easy", start: .init(dateTime: formatter.string(from: morning)),
                                  end: .init(dateTime: formatter.string(from: morning.addingTimeInterval(3000)))))
            google.addEvent(.init(id: "evt2", summary: "Dentist", start: .init(date: PlanDates.adding(3, to: today)),
                                  end: .init(date: PlanDates.adding(4, to: today))))
            google.addEvent(.init(id: "evt3", summary: "Natation", start: .init(date: PlanDates.adding(5, to: today)),
                                  end: .init(date: PlanDates.adding(6, to: today))))
            func importEvents(_ calendar: String) async throws -> [String: Any] {
                var body: [String: Any] = [:]
                try await app.testing().test(.POST, "api/v1/google/calendar/import", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                             body: TestUsers.json(["calendar_id": calendar])) { res async throws in
                    #expect(res.status == .ok, "\(res.body.string)")
                    body = try res.json()
                }
                return body
            }
            var imported = try await importEvents("primary")
            #expect(imported["imported"] as? Int == 2 && imported["skipped"] as? Int == 1)
            let footing = try #require(try await PlannedWorkout.query(on: app.db).filter(\.$source == "google").filter(\.$name == "Footing 10 km").first())
            #expect(footing.type == "easy" && footing.distance == 10_000 && footing.duration == 3000 && footing.time == "07:00")
            #expect(try await PlannedWorkout.query(on: app.db).filter(\.$name == "Natation").first()?.sport == "swim")
            imported = try await importEvents("primary")
            #expect(imported["imported"] as? Int == 0)
            // Importing the calendar we exported to brings nothing back twice.
            imported = try await importEvents("club@group.calendar.google.com")
            #expect(imported["imported"] as? Int == 0 && imported["skipped"] as? Int == 2)
            #expect(try await PlannedWorkout.query(on: app.db).count() == 4)

            // An athlete in Tokyo (UTC+9, no daylight saving): planned times are Tokyo times both ways.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["time_zone": "Asia/Tokyo"])) { res async in #expect(res.status == .ok) }
            _ = try await export()
            let shifted = try #require(google.events(in: "club@group.calendar.google.com").first { $0.summary == "Track, 6 x 800" })
            #expect(shifted.start?.dateTime?.hasSuffix("T09:30:00Z") == true, "18:30 in Tokyo")
            #expect(shifted.start?.timeZone == "Asia/Tokyo")
            let evening = PlanDates.date(PlanDates.adding(6, to: today))!.addingTimeInterval(20 * 3600)
            google.addEvent(.init(id: "evt4", summary: "Footing 8 km", start: .init(dateTime: formatter.string(from: evening)),
                                  end: .init(dateTime: formatter.string(from: evening.addingTimeInterval(2400)))))
            _ = try await importEvents("primary")
            let early = try #require(try await PlannedWorkout.query(on: app.db).filter(\.$name == "Footing 8 km").first())
            #expect(early.date == PlanDates.adding(7, to: today) && early.time == "05:00", "20:00 UTC is 05:00 the next day in Tokyo")
            try await PlannedWorkout.query(on: app.db).filter(\.$name == "Footing 8 km").delete()

            // An expired access token is refreshed on the way.
            google.expireAccessTokens()
            connection.expiresAt = 0
            try await connection.save(on: app.db)
            _ = try await export()
            #expect(google.calendar.withLockedValue { $0.refreshes } == 1)
            // A calendar that does not exist.
            try await app.testing().test(.POST, "api/v1/google/calendar/export", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["calendar_id": "nope"])) { res async in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.DELETE, "api/v1/google/calendar", headers: user.bearer) { res async in #expect(res.status == .noContent) }
            try await app.testing().test(.GET, "api/v1/google/calendar/calendars", headers: user.bearer) { res async in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test func refusalsAndForgedStatesAreExplained() async throws {
        try await withTestAppAndGoogle { app, _ in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.GET, "api/v1/google/calendar/callback?error=access_denied", headers: user.browser()) { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/plans?calendar_error=denied")
            }
            try await app.testing().test(.GET, "api/v1/google/calendar/callback?state=forged&code=x", headers: user.browser()) { res async in
                #expect(res.headers.first(name: .location) == "http://localhost:8080/plans?calendar_error=bad_state")
            }
            #expect(try await GoogleCalendarConnection.query(on: app.db).count() == 0)
        }
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            try await app.testing().test(.GET, "api/v1/google/calendar/connect", headers: user.bearer) { res async in
                #expect(res.status == .notFound)
            }
        }
    }
}

@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct PlanImportAndFeedTests {
    static func importFile(_ app: Application, _ user: SignedInUser, _ name: String, _ data: Data) async throws -> (HTTPStatus, [String: Any]) {
        let (headers, body) = TestFiles.multipart([(name, data)])
        var result: (HTTPStatus, [String: Any]) = (.internalServerError, [:])
        try await app.testing().test(.POST, "api/v1/plans/import", headers: user.bearer.merging(headers), body: body) { res async throws in
            result = (res.status, (try? res.json()) ?? [:])
        }
        return result
    }

    @Test func theCoachFileImportsOnceAndUpdatesWhatChanged() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            _ = try await PlansAPITests.create(app, user, ["date": "2026-12-03", "type": "easy", "name": "My own jog"])
            let data = try TestFiles.data("plans/coach-plan.tsv")
            var (status, report) = try await Self.importFile(app, user, "plan.tsv", data)
            #expect(status == .ok)
            #expect(report["imported"] as? Int == 10)
            #expect(report["skipped"] as? Int == 2)
            let rows = report["rows"] as? [[String: Any]] ?? []
            #expect(rows.first { $0["line"] as? Int == 9 }?["message"] as? String == "date \"31/02/2026\" cannot be read")
            #expect(rows.first { $0["line"] as? Int == 10 }?["message"] as? String == "unknown type \"Aquagym\": kept as other")
            // The same file again changes nothing.
            (status, report) = try await Self.importFile(app, user, "plan.tsv", data)
            #expect(report["imported"] as? Int == 0 && report["updated"] as? Int == 0 && report["skipped"] as? Int == 12)
            #expect(try await PlannedWorkout.query(on: app.db).count() == 11)
            // The coach corrects one session: only it is updated; completions and other plans stay.
            let footing = try #require(try await PlannedWorkout.query(on: app.db).filter(\.$date == "2026-12-01").first())
            footing.completed = true
            try await footing.save(on: app.db)
            let corrected = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "Footing\t10\t100", with: "Footing\t12\t100")
            (status, report) = try await Self.importFile(app, user, "plan.tsv", Data(corrected.utf8))
            #expect(report["updated"] as? Int == 1 && report["imported"] as? Int == 0)
            let updated = try #require(try await PlannedWorkout.find(footing.id, on: app.db))
            #expect(updated.distance == 12_000 && updated.completed)
            #expect(try await PlannedWorkout.query(on: app.db).filter(\.$name == "My own jog").count() == 1)
            // Another plan over the same days (a CSV with English headers) stays apart from the first.
            (status, report) = try await Self.importFile(app, user, "Base block.csv", try TestFiles.data("plans/plan-en.csv"))
            #expect(report["imported"] as? Int == 4 && report["skipped"] as? Int == 1)
            #expect(report["plan"] as? String == "base-block")
            #expect(try await PlannedWorkout.query(on: app.db).count() == 15)
        }
    }

    @Test func filesThatAreNotPlansGetClearErrors() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let fit = try TestFiles.data("fit/fitparse-garmin-fenix-5-walk.fit")
            let cases: [(Data, HTTPStatus, String)] = [
                (Data(), .unprocessableEntity, "empty_file"), (Data("\n\n".utf8), .unprocessableEntity, "empty_file"),
                (fit, .unsupportedMediaType, "unsupported_file"),
                (Data("hello,world\n1,2\n".utf8), .unprocessableEntity, "invalid_file"),
            ]
            for (data, status, code) in cases {
                let (got, body) = try await Self.importFile(app, user, "plan.tsv", data)
                #expect(got == status, "\(code)")
                #expect((body["error"] as? [String: Any])?["code"] as? String == code)
            }
            #expect(try await PlannedWorkout.query(on: app.db).count() == 0)
        }
    }

    @Test func theCalendarFeedParsesBackAndARevokedAddressIsGone() async throws {
        try await withTestApp(["PUBLIC_URL": "https://athletiq.example.org"]) { app in
            let user = try await TestUsers.signUp(app, name: "Ada Runner")
            app.clock = ManualClock(PlanDates.date("2026-12-02")!)
            let session = try await PlansAPITests.create(app, user, ["date": "2026-12-08", "time": "18:30", "type": "intervals", "name": "Track, 6 x 800",
                                                                   "duration": 3900, "distance": 11_000, "coach_notes": "Even; controlled"])
            _ = try await PlansAPITests.create(app, user, ["date": "2026-12-12", "type": "long", "distance": 18_000])
            var url = ""
            try await app.testing().test(.GET, "api/v1/plans/feed", headers: user.bearer) { res async throws in
                url = try res.json()["url"] as? String ?? ""
            }
            #expect(url.hasPrefix("https://athletiq.example.org/calendar/") && url.hasSuffix(".ics"))
            let path = String(url.dropFirst("https://athletiq.example.org/".count))
            var text = ""
            try await app.testing().test(.GET, path) { res async in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
                text = res.body.string
            }
            // Parse it back: unfold, then read the properties of each event.
            let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
            var events: [[String: String]] = []
            for line in lines {
                if line == "BEGIN:VEVENT" { events.append([:]) }
                guard line != "BEGIN:VEVENT", let colon = line.firstIndex(of: ":"), !events.isEmpty else { continue }
                let name = String(line[..<colon])
                if events[events.count - 1][name] == nil { events[events.count - 1][name] = String(line[line.index(after: colon)...]) }
            }
            #expect(events.count == 2)
            let track = try #require(events.first { $0["SUMMARY"] == "Track\\, 6 x 800" })
            #expect(track["UID"] == "\((session["id"] as? String ?? "").lowercased())@athletiq")
            #expect(track["DTSTART"] == "20261208T183000Z" && track["DURATION"] == "PT1H5M")
            #expect(track["DESCRIPTION"]?.contains("Even\\; controlled") == true)
            #expect(track["TRIGGER"] == "-PT30M")
            let long = try #require(events.first { $0["DTSTART;VALUE=DATE"] == "20261212" })
            #expect(long["DTEND;VALUE=DATE"] == "20261213")
            // The same address gives the same UIDs next time (calendars update, not duplicate).
            try await app.testing().test(.GET, path) { res async in
                #expect(res.body.string.contains(track["UID"] ?? "-"))
            }
            // An athlete in Paris planned 18:30 on their clock: 17:30 UTC in December.
            try await app.testing().test(.PATCH, "api/v1/auth/me", headers: user.bearer.merging(TestUsers.jsonHeaders),
                                         body: TestUsers.json(["time_zone": "Europe/Paris"])) { res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, path) { res async in
                #expect(res.body.string.contains("DTSTART:20261208T173000Z"))
                #expect(res.body.string.contains("DTSTART;VALUE=DATE:20261212"), "all-day sessions keep their day")
            }
            // A new address: the old one answers 404.
            var fresh = ""
            try await app.testing().test(.POST, "api/v1/plans/feed/regenerate", headers: user.bearer) { res async throws in
                fresh = try res.json()["url"] as? String ?? ""
            }
            #expect(fresh != url)
            try await app.testing().test(.GET, path) { res async in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, String(fresh.dropFirst("https://athletiq.example.org/".count))) { res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "calendar/not-a-real-token-at-all-xxxxx.ics") { res async in #expect(res.status == .notFound) }
        }
    }
}

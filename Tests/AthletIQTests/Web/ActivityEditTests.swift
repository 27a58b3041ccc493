@testable import AthletIQ
import AthletIQCore
import Foundation
import NIOCore
import Testing
import VaporTesting

/// An athlete edits an activity from its page and through the API: the same rules either way,
/// private notes seen only in the detail, and nobody else's activity touched.
@Suite struct ActivityEditTests {
    @Test func thePageAndTheAPIEditTheSameFields() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let run = SyntheticActivity.make(seed: 11, start: Date().addingTimeInterval(-86_400), seconds: 1800, sport: .run)
            let (_, body) = try await TestFiles.raw(app, user, name: "run.fit", data: try FITEncoder().encode(run))
            let id = try #require(((body["files"] as? [[String: Any]])?.first?["activity_id"]) as? String)
            let csrf = user.cookies[AuthCookies.csrf] ?? ""
            var form = user.browser()
            form.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            let fields = "_csrf=\(csrf)&name=Hill+repeats&sport=trail_run&gear=Pegasus+41&perceived_effort=7"
                + "&description=6+x+800+m&notes=Left+calf+tight%0D%0Aice+tonight"
            try await app.testing().test(.POST, "activities/\(id)/edit", headers: form, body: ByteBuffer(string: fields)) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/activities/\(id)?done=saved")
            }
            try await app.testing().test(.GET, "activities/\(id)?done=saved", headers: user.browser()) { res async in
                let html = res.body.string
                #expect(html.contains("<h1>Hill repeats</h1>") && html.contains(">Trail run</span>"))
                #expect(html.contains("Gear Pegasus 41") && html.contains("<strong>7/10</strong>"))
                #expect(html.contains("Left calf tight\nice tonight") && html.contains("role=\"status\">Saved."))
                #expect(html.contains("href=\"/api/v1/activities/\(id)/file\" download"))
                #expect(html.contains("<option value=\"7\" selected>7 · very hard</option>"))
            }
            // The download link answers with the file as uploaded, to the cookie of the page.
            try await app.testing().test(.GET, "api/v1/activities/\(id)/file", headers: user.browser()) { res async in
                #expect(res.status == .ok && res.body.readableBytes > 1000)
            }
            try await app.testing().test(.GET, "api/v1/activities/\(id)", headers: user.bearer) { res async throws in
                let json = try res.json()
                #expect(json["notes"] as? String == "Left calf tight\nice tonight")
                #expect(json["perceived_effort"] as? Int == 7 && json["gear"] as? String == "Pegasus 41")
                #expect(json["sport"] as? String == "trail_run" && json["sport_locked"] as? Bool == true)
            }
            // Private notes stay out of the list.
            try await app.testing().test(.GET, "api/v1/activities", headers: user.bearer) { res async throws in
                let items = try res.json()["items"] as? [[String: Any]]
                #expect(items?.first?["notes"] == nil)
            }
            // The API clears with empty values and 0, and refuses an effort out of the scale.
            var json = user.bearer
            json.replaceOrAdd(name: .contentType, value: "application/json")
            try await app.testing().test(.PATCH, "api/v1/activities/\(id)", headers: json,
                                         body: ByteBuffer(string: #"{"perceived_effort": 11}"#)) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.PATCH, "api/v1/activities/\(id)", headers: json,
                                         body: ByteBuffer(string: #"{"perceived_effort": 0, "notes": "", "gear": ""}"#)) { res async throws in
                let body = try res.json()
                #expect(res.status == .ok && body["perceived_effort"] == nil && body["notes"] == nil && body["gear"] == nil)
            }
            // Another athlete can neither edit nor see it.
            let stranger = try await TestUsers.signUp(app)
            var strangerForm = stranger.browser()
            strangerForm.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await app.testing().test(.POST, "activities/\(id)/edit", headers: strangerForm,
                                         body: ByteBuffer(string: "_csrf=\(stranger.cookies[AuthCookies.csrf] ?? "")&name=Mine")) { res async in
                #expect(res.status == .notFound)
            }
            #expect(try await Activity.find(UUID(uuidString: id), on: app.db)?.name == "Hill repeats")
        }
    }
}

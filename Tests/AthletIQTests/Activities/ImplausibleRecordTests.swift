@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor

/// A record faster than the world record is a GPS error: flagged, listed after the real ones,
/// and never used for predictions.
@Suite struct ImplausibleRecordTests {
    @Test func anImpossibleEffortIsFlaggedAndNeverPredictsAnything() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let userID = try #require(UUID(uuidString: user.id))
            let importer = ActivityImporter(database: app.db, userID: userID, logger: app.logger)
            for seed in 1...2 {
                let run = SyntheticActivity.make(seed: UInt64(seed), start: Date().addingTimeInterval(-Double(seed) * 86_400), seconds: 1800, sport: .run)
                _ = try await importer.importUpload(name: "run\(seed).fit", data: FITEncoder().encode(run))
            }
            // One activity's 400 m becomes 30 s (the world record is 43.03 s).
            let glitch = try #require(try await BestEffortRecord.query(on: app.db).filter(\.$name == "400m").first())
            glitch.value = 30
            try await glitch.save(on: app.db)

            try await app.testing().test(.GET, "api/v1/records?top=3", headers: user.bearer) { res async throws in
                let records = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
                let fourHundreds = records.filter { $0["name"] as? String == "400m" }
                #expect(fourHundreds.count == 2)
                #expect(fourHundreds.first?["implausible"] == nil)
                #expect((fourHundreds.first?["value"] as? Double ?? 0) > 43)
                #expect(fourHundreds.last?["implausible"] as? Bool == true)
                #expect(fourHundreds.last?["value"] as? Double == 30)
            }
            let bests = try await AthleteParametersService(database: app.db, userID: userID).bestEfforts(family: "running", before: Date())
            #expect(bests.first { $0.label == "400m" }.map { $0.time > 43 } == true)
            // The page's best is the real effort; the impossible one comes after it, flagged.
            try await app.testing().test(.GET, "records", headers: user.browser()) { res async in
                let html = res.body.string
                #expect(!html.contains("<strong>0:30</strong>"))
                #expect(html.contains("0:30 <span class=\"badge\">GPS error?"))
            }
        }
    }

    @Test func plausibilityFollowsTheWorldRecords() {
        #expect(!BestEfforts.isPlausible("marathon", seconds: 6000, family: .running))
        #expect(BestEfforts.isPlausible("marathon", seconds: 7200, family: .running))   // a course 0.5 % short
        #expect(BestEfforts.isPlausible("marathon", seconds: 6000, family: .cycling))
        #expect(!BestEfforts.isPlausible("5k", seconds: .nan, family: .running))
    }
}

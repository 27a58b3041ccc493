@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor

/// After an upgrade of the rules, stored analyses are made again once, in the background.
@Suite struct AnalysisUpgradeTests {
    @Test func storedAnalysesAreRedoneOnceAfterAnUpgrade() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let userID = try #require(UUID(uuidString: user.id))
            let run = SyntheticActivity.make(seed: 3, start: Date(timeIntervalSince1970: 1_700_000_000), seconds: 1800)
            _ = try await ActivityImporter(database: app.db, userID: userID, logger: app.logger)
                .importUpload(name: "run.fit", data: FITEncoder().encode(run))
            let activity = try #require(try await Activity.query(on: app.db).first())
            let correct = activity.movingTime
            // As an older version left it: a wrong moving time and load.
            activity.movingTime = 12
            activity.load = 0
            try await activity.save(on: app.db)
            AnalysisUpgrade.runIfNeeded(app)
            await app.analysisTasks.waitForAll()
            let redone = try #require(try await Activity.find(activity.id, on: app.db))
            #expect(redone.movingTime == correct)
            #expect((redone.load ?? 0) > 0)
            #expect(try await StravaAppState.get(AnalysisUpgrade.key, on: app.db) == String(AnalysisUpgrade.currentVersion))
            // Once done, it does not run again.
            redone.movingTime = 12
            try await redone.save(on: app.db)
            AnalysisUpgrade.runIfNeeded(app)
            await app.analysisTasks.waitForAll()
            #expect(try await Activity.find(activity.id, on: app.db)?.movingTime == 12)
        }
    }
}

@testable import AthletIQ
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A triathlon file: one activity per leg, grouped, and no leg's records in another sport.
@Suite struct MultisportImportTests {
    @Test func aTriathlonFileBecomesOneActivityPerLeg() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (status, body) = try await TestFiles.upload(app, user, [("tri.fit", try TestFiles.data("fit/fitparse-sample_mulitple_header.fit"))])
            #expect(status == .created, "\(body)")
            let activities = try await Activity.query(on: app.db).sort(\.$legIndex).all()
            #expect(activities.map(\.sport) == ["swim", "other", "ride", "other", "run"])
            #expect(Set(activities.compactMap(\.multisportID)).count == 1)
            #expect(activities.map(\.legIndex) == [0, 1, 2, 3, 4])
            #expect(activities[2].name.hasSuffix("3. Bike"), "\(activities[2].name)")
            #expect((activities[2].distance ?? 0) > 40_000 && (activities[2].distance ?? 0) < 42_000)
            // The detail of a leg lists every leg.
            try await app.testing().test(.GET, "api/v1/activities/\(try activities[4].requireID())", headers: user.bearer) { res async throws in
                let json = try res.json()
                #expect((json["legs"] as? [[String: Any]])?.count == 5)
                #expect(json["leg_index"] as? Int == 4)
            }
            // The bike leg sets no running record: the fastest "400 m" is a runner's.
            try await app.testing().test(.GET, "api/v1/records", headers: user.bearer) { res async throws in
                let records = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [[String: Any]] ?? []
                let fastest = records.first { $0["name"] as? String == "400m" }?["value"] as? Double
                #expect(fastest.map { $0 > 55 } ?? true, "\(records)")
            }
            // Uploading it again finds the first leg: nothing is stored twice.
            let again = try await TestFiles.upload(app, user, [("tri.fit", try TestFiles.data("fit/fitparse-sample_mulitple_header.fit"))])
            #expect(again.0 == .conflict)
            #expect(try await Activity.query(on: app.db).count() == 5)
        }
    }

    /// In a Strava export the CSV row describes the whole event (typed "Run" here): the event's
    /// name, Strava id and gear, but each leg keeps its own sport, and the swim sets no running record.
    @Test func aMultisportFileOfAStravaExportKeepsEachLegsSport() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let csv = """
                Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Commute,Activity Gear,Filename,Elapsed Time,Moving Time,Distance
                777,"May 27, 2018, 7:33:01 AM",Olympic tri,Run,,9491,53.5,false,Race kit,activities/777.fit.gz,9491,9400,53500
                """
            let zip = try TestFiles.zip([("activities.csv", Data(csv.utf8)),
                                         ("activities/777.fit.gz", try TestFiles.gzip(try TestFiles.data("fit/fitparse-sample_mulitple_header.fit")))])
            let (status, body) = try await TestFiles.upload(app, user, [("export_9.zip", zip)])
            #expect(status == .created, "\(body)")
            let legs = try await Activity.query(on: app.db).sort(\.$legIndex).all()
            #expect(legs.map(\.sport) == ["swim", "other", "ride", "other", "run"])
            #expect(legs.first?.stravaID == 777 && legs.first?.gear == "Race kit")
            #expect(legs.first?.name.hasPrefix("Olympic tri") == true)
            #expect((legs.first?.distance ?? 0) < 2000, "the swim's own distance, not the event's")
            let swimRecords = try await BestEffortRecord.query(on: app.db).filter(\.$activity.$id == (try legs[0].requireID()))
                .filter(\.$sportFamily == "running").count()
            #expect(swimRecords == 0)
        }
    }
}

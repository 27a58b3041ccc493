@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct UploadTests {
    let run = (try? TestFiles.data("fit/fitparse-2013-02-06-12-11-14.fit")) ?? Data()

    @Test func aFITFileIsImportedOnceAndReadBack() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (status, body) = try await TestFiles.upload(app, user, [("run.fit", run)])
            #expect(status == .created, "\(body)")
            let files = body["files"] as? [[String: Any]] ?? []
            let id = try #require(files.first?["activity_id"] as? String)
            #expect(body["imported"] as? Int == 1)

            try await app.testing().test(.GET, "api/v1/activities/\(id)", headers: user.bearer) { res async throws in
                #expect(res.status == .ok)
                let activity = try res.json()
                #expect(activity["sport"] as? String == "run")
                #expect(activity["sample_count"] as? Int == 590)
                #expect(abs((activity["distance"] as? Double ?? 0) - 4835.38) < 0.01)
                #expect((activity["laps"] as? [Any])?.count == 5)
                #expect(activity["start_date"] as? String == "2013-02-06T12:11:14Z")
            }
            // The page shows the watch's five laps.
            try await app.testing().test(.GET, "activities/\(id)", headers: user.browser()) { res async in
                let html = res.body.string
                let laps = html.components(separatedBy: "<h2>Laps</h2>").last?.components(separatedBy: "</table>").first ?? ""
                #expect(laps.components(separatedBy: "<tr><td>").count - 1 == 5, "\(laps)")
            }
            try await app.testing().test(.GET, "api/v1/activities/\(id)/samples?points=100", headers: user.bearer) { res async throws in
                let samples = try res.json()
                #expect(samples["count"] as? Int == 100)
                #expect(samples["original_count"] as? Int == 590)
                let channels = samples["channels"] as? [String: [Any]] ?? [:]
                #expect(channels["heart_rate"]?.count == 100)
                #expect(channels["latitude"] != nil)
            }
            try await app.testing().test(.GET, "api/v1/activities/\(id)/file", headers: user.bearer) { res async in
                #expect(res.status == .ok)
                #expect(Data(buffer: res.body) == run)
                #expect(res.headers.first(name: .contentDisposition)?.contains("run.fit") == true)
            }
            // The same file again: reported, not stored twice.
            let (again, againBody) = try await TestFiles.upload(app, user, [("copy.fit", run)])
            #expect(again == .conflict)
            #expect(againBody.errorCode == "duplicate")
            #expect(try await Activity.query(on: app.db).count() == 1)
            // Another user may import the same file.
            let other = try await TestUsers.signUp(app)
            #expect(try await TestFiles.upload(app, other, [("run.fit", run)]).0 == .created)
        }
    }

    @Test func badFilesGetTheRightErrorAndNothingIsStored() async throws {
        try await withTestApp(["MAX_UPLOAD_SIZE": "200kb"]) { app in
            let user = try await TestUsers.signUp(app)
            var corrupt = [UInt8](run)
            corrupt[200] ^= 0xFF
            let cases: [(String, Data, HTTPStatus, String)] = [
                ("corrupt.fit", Data(corrupt), .unprocessableEntity, "invalid_file"),
                ("truncated.fit", run.prefix(run.count / 2), .unprocessableEntity, "invalid_file"),
                ("empty.fit", Data(), .unprocessableEntity, "empty_file"),
                ("photo.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 500)), .unsupportedMediaType, "unsupported_file"),
                ("notes.gpx", Data("<html>not gpx</html>".utf8), .unprocessableEntity, "invalid_file"),
                ("huge.fit", Data(count: 300 << 10), .payloadTooLarge, "payload_too_large"),
            ]
            for (name, data, status, code) in cases {
                let (got, body) = try await TestFiles.raw(app, user, name: name, data: data)
                #expect(got == status, "\(name): \(got) \(body)")
                #expect(body.errorCode == code, "\(name): \(body)")
            }
            let (truncatedStatus, truncatedBody) = try await TestFiles.raw(app, user, name: "t.fit", data: run.prefix(run.count / 2))
            #expect(truncatedStatus == .unprocessableEntity)
            #expect(((truncatedBody["error"] as? [String: Any])?["message"] as? String)?.contains("byte") == true)
            #expect(try await Activity.query(on: app.db).count() == 0)
            #expect(try await ActivityFile.query(on: app.db).count() == 0)
            #expect(try await ActivityStream.query(on: app.db).count() == 0)
        }
    }

    @Test func archivesAndSeveralFilesGetAReport() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let gpx = try TestFiles.data("gpx/gpxpy-cerknicko-jezero.gpx")
            let tcx = try TestFiles.data("tcx/python-tcxparser-test.tcx")
            let zip = try TestFiles.zip([("a/run.fit.gz", try TestFiles.gzip(run)), ("b/lake.gpx", gpx), ("readme.txt", Data("hi".utf8)),
                                         ("broken.fit", run.prefix(100))])
            let (status, body) = try await TestFiles.upload(app, user, [("bundle.zip", zip), ("track.tcx", tcx)])
            #expect(status == .created)
            #expect(body["imported"] as? Int == 3, "\(body)")
            #expect(body["failed"] as? Int == 1)
            let failed = (body["files"] as? [[String: Any]] ?? []).first { $0["status"] as? String == "failed" }
            #expect(failed?["path"] as? String == "broken.fit")
            #expect(failed?["code"] as? String == "invalid_file")
        }
    }

    @Test func aStravaExportIsJoinedWithItsCSV() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let csv = """
                Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Commute,Activity Gear,Filename,Elapsed Time,Moving Time,Distance
                101,"Feb 6, 2013, 12:11:14 PM",Hill repeats,Run,"Hard, with ""strides""
                over two lines",2625,4.84,false,Pegasus 40,activities/101.fit.gz,2625,2600,4835.38
                102,"Mar 3, 2020, 9:00:00 AM",Gym,Weight Training,,3600,0,false,,,3600,3600,0
                """
            let zip = try TestFiles.zip([("activities.csv", Data(csv.utf8)), ("activities/101.fit.gz", try TestFiles.gzip(run)),
                                         ("media/photo.jpg", Data([0xFF, 0xD8, 0xFF]))])
            let (status, body) = try await TestFiles.upload(app, user, [("export_123.zip", zip)])
            #expect(status == .created, "\(body)")
            #expect(body["imported"] as? Int == 2)
            let activities = try await Activity.query(on: app.db).sort(\.$startDate).all()
            #expect(activities.count == 2)
            let run = try #require(activities.first)
            #expect(run.name == "Hill repeats")
            #expect(run.descriptionText == "Hard, with \"strides\"\nover two lines")
            #expect(run.gear == "Pegasus 40")
            #expect(run.stravaID == 101)
            #expect(run.hasSamples)
            let gym = try #require(activities.last)
            #expect(gym.sport == "strength")
            #expect(gym.elapsedTime == 3600)
            #expect(!gym.hasSamples)
            // Importing the export again changes nothing.
            let (again, againBody) = try await TestFiles.upload(app, user, [("export_123.zip", zip)])
            #expect(again == .ok)
            #expect(againBody["duplicates"] as? Int == 2)
        }
    }

    @Test func largeUploadsBecomeAJobWithProgress() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var files: [(String, Data)] = []
            // 30 distinct activities: one GPX track shifted by a day each time.
            let gpx = String(decoding: try TestFiles.data("gpx/gpxpy-track-with-empty-segment.gpx"), as: UTF8.self)
            for day in 0..<30 {
                files.append(("activities/\(day).gpx", Data(gpx.replacingOccurrences(of: "2013-07-0", with: String(format: "2013-08-%02d", day % 28 + 1).dropLast(1) + "").utf8)))
            }
            let zip = try TestFiles.zip(files)
            let (status, body) = try await TestFiles.upload(app, user, [("many.zip", zip)])
            #expect(status == .accepted, "\(body)")
            let id = try #require(body["id"] as? String)
            #expect(body["total"] as? Int == 30)
            await app.importJobs.waitForAll()
            try await app.testing().test(.GET, "api/v1/imports/\(id)", headers: user.bearer) { res async throws in
                let job = try res.json()
                #expect(job["status"] as? String == "done", "\(job)")
                #expect(job["processed"] as? Int == 30)
                let files = try #require((job["report"] as? [String: Any])?["files"] as? [[String: Any]])
                #expect(files.count == 30)
                // The stored report keeps each file's activity.
                #expect(files.allSatisfy { ($0["activity_id"] as? String).flatMap(UUID.init(uuidString:)) != nil }, "\(files)")
            }
            let stranger = try await TestUsers.signUp(app)
            try await app.testing().test(.GET, "api/v1/imports/\(id)", headers: stranger.bearer) { res async in
                #expect(res.status == .notFound)
            }
        }
    }

    /// A small upload is answered with its report, leaving no job behind; one whose import takes
    /// longer than the request may wait (`UPLOAD_WAIT`, here none) is answered with its job,
    /// which carries on to the same report.
    @Test func anUploadThatOutlastsTheWaitIsAnsweredWithItsJob() async throws {
        try await withTestApp(["UPLOAD_WAIT": "0"]) { app in
            let user = try await TestUsers.signUp(app)
            let track = HostileUploadTests.longGPX(hours: 3)
            #expect(track.count < UploadService.inlineBytes)
            let (status, body) = try await TestFiles.raw(app, user, name: "three-hours.gpx", data: track)
            #expect(status == .accepted, "\(body)")
            let id = try #require(body["id"] as? String)
            await app.importJobs.waitForAll()
            try await app.testing().test(.GET, "api/v1/imports/\(id)", headers: user.bearer) { res async throws in
                let job = try res.json()
                #expect(job["status"] as? String == "done", "\(job)")
                let file = try #require(((job["report"] as? [String: Any])?["files"] as? [[String: Any]])?.first)
                let activityID = try #require(file["activity_id"] as? String)
                try await app.testing().test(.GET, "api/v1/activities/\(activityID)", headers: user.bearer) { res async in
                    #expect(res.status == .ok)
                }
            }
        }
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (status, body) = try await TestFiles.upload(app, user, [("run.fit", run)])
            #expect(status == .created, "\(body)")
            try await app.testing().test(.GET, "api/v1/imports", headers: user.bearer) { res async throws in
                #expect((try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [Any])?.isEmpty == true)
            }
        }
    }
}

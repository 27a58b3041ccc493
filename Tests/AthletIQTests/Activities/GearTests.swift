@testable import AthletIQ
import AthletIQCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Gear: its totals follow the activities that name it, a sport's default is given to new
/// activities, and a Strava export's bikes and shoes arrive with it.
@Suite struct GearTests {
    private func request(_ app: Application, _ method: HTTPMethod, _ path: String, _ user: SignedInUser,
                         _ body: [String: Any]? = nil) async throws -> (HTTPStatus, Any?) {
        var result: (HTTPStatus, Any?) = (.internalServerError, nil)
        let headers = body == nil ? user.bearer : user.bearer.merging(TestUsers.jsonHeaders)
        try await app.testing().test(method, path, headers: headers, body: body.map(TestUsers.json)) { res async in
            result = (res.status, try? JSONSerialization.jsonObject(with: Data(buffer: res.body)))
        }
        return result
    }

    private func gear(_ app: Application, _ user: SignedInUser) async throws -> [String: [String: Any]] {
        let (status, list) = try await request(app, .GET, "api/v1/gear", user)
        #expect(status == .ok)
        return Dictionary(((list as? [[String: Any]]) ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func totalsFollowAnActivityFromOnePairOfShoesToAnother() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let start = Date(timeIntervalSince1970: 1_780_000_000)
            var ids: [String] = []
            var distances: [Double] = []
            for index in 0..<2 {
                let run = SyntheticActivity.make(seed: UInt64(80 + index), start: start.addingTimeInterval(Double(index) * 86_400), seconds: 1500 + 300 * index, sport: .run)
                let (status, body) = try await TestFiles.upload(app, user, [("run\(index).fit", FITEncoder().encode(run))])
                #expect(status == .created)
                ids.append(((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String) ?? "")
            }
            for id in ids {
                let (_, detail) = try await request(app, .GET, "api/v1/activities/\(id)", user)
                distances.append((detail as? [String: Any])?["distance"] as? Double ?? 0)
            }
            #expect(distances.allSatisfy { $0 > 1000 }, "\(distances)")
            let (created, old) = try await request(app, .POST, "api/v1/gear", user,
                                                    ["kind": "shoes", "name": "Pegasus 40", "initial_distance": 100_000, "retire_distance": 100_500])
            #expect(created == .created)
            let (_, new) = try await request(app, .POST, "api/v1/gear", user, ["kind": "shoes", "name": "Clifton 9", "brand": "Hoka"])
            let oldID = try #require((old as? [String: Any])?["id"] as? String), newID = try #require((new as? [String: Any])?["id"] as? String)
            // Both runs in the old pair.
            for id in ids { #expect(try await request(app, .PATCH, "api/v1/activities/\(id)", user, ["gear_id": oldID]).0 == .ok) }
            var totals = try await gear(app, user)
            #expect(totals["Pegasus 40"]?["activities"] as? Int == 2)
            #expect(abs((totals["Pegasus 40"]?["distance"] as? Double ?? 0) - (100_000 + distances[0] + distances[1])) < 0.01)
            #expect(abs((totals["Pegasus 40"]?["moving_time"] as? Double ?? 0) - 3300) < 60)
            #expect(totals["Pegasus 40"]?["due"] as? Bool == true, "past 100.5 km")
            #expect(totals["Clifton 9"]?["activities"] as? Int == 0)
            // The second run moves to the new pair: its distance and time go with it.
            let (moved, detail) = try await request(app, .PATCH, "api/v1/activities/\(ids[1])", user, ["gear_id": newID])
            #expect(moved == .ok)
            #expect((detail as? [String: Any])?["gear"] as? String == "Clifton 9" && (detail as? [String: Any])?["gear_id"] as? String == newID)
            totals = try await gear(app, user)
            #expect(totals["Pegasus 40"]?["activities"] as? Int == 1)
            #expect(abs((totals["Pegasus 40"]?["distance"] as? Double ?? 0) - (100_000 + distances[0])) < 0.01)
            #expect(totals["Clifton 9"]?["activities"] as? Int == 1)
            #expect(abs((totals["Clifton 9"]?["distance"] as? Double ?? 0) - distances[1]) < 0.01)
            #expect(abs((totals["Clifton 9"]?["moving_time"] as? Double ?? 0) - 1800) < 60)
            // The dashboard reminds of the old pair until it is retired.
            try await app.testing().test(.GET, "/", headers: user.browser()) { res async in
                #expect(res.body.string.contains("Pegasus 40 has done"))
            }
            #expect(try await request(app, .PATCH, "api/v1/gear/\(oldID)", user, ["retired": true]).0 == .ok)
            try await app.testing().test(.GET, "/", headers: user.browser()) { res async in
                #expect(!res.body.string.contains("Pegasus 40 has done"))
            }
            // Renaming renames the activities' gear; removing leaves them without.
            #expect(try await request(app, .PATCH, "api/v1/gear/\(newID)", user, ["name": "Clifton 9 (blue)"]).0 == .ok)
            #expect((try await request(app, .GET, "api/v1/activities/\(ids[1])", user).1 as? [String: Any])?["gear"] as? String == "Clifton 9 (blue)")
            #expect(try await request(app, .DELETE, "api/v1/gear/\(newID)", user).0 == .noContent)
            let after = try await request(app, .GET, "api/v1/activities/\(ids[1])", user).1 as? [String: Any]
            #expect(after?["gear"] == nil && after?["gear_id"] == nil)
        }
    }

    @Test func gearIsTheAthletesOwnAndChecked() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app), stranger = try await TestUsers.signUp(app)
            let run = SyntheticActivity.make(seed: 90, start: Date(timeIntervalSince1970: 1_780_000_000), seconds: 900, sport: .run)
            let (_, body) = try await TestFiles.upload(app, user, [("run.fit", FITEncoder().encode(run))])
            let activityID = try #require(((body["files"] as? [[String: Any]])?.first?["activity_id"] as? String))
            let (_, theirs) = try await request(app, .POST, "api/v1/gear", stranger, ["kind": "bike", "name": "Not yours"])
            let theirID = try #require((theirs as? [String: Any])?["id"] as? String)
            #expect(try await request(app, .PATCH, "api/v1/activities/\(activityID)", user, ["gear_id": theirID]).0 == .unprocessableEntity)
            #expect(try await request(app, .PATCH, "api/v1/activities/\(activityID)", user, ["gear_id": "nonsense"]).0 == .unprocessableEntity)
            #expect(try await request(app, .PATCH, "api/v1/gear/\(theirID)", user, ["name": "Mine now"]).0 == .notFound)
            #expect(try await request(app, .DELETE, "api/v1/gear/\(theirID)", user).0 == .notFound)
            for bad: [String: Any] in [["kind": "boat", "name": "x"], ["name": "no kind"], ["kind": "shoes", "name": "  "],
                                       ["kind": "shoes", "name": "x", "retire_distance": -1], ["kind": "bike", "name": "x", "default_sports": ["flying"]],
                                       ["kind": "shoes", "name": String(repeating: "n", count: 101)]] {
                #expect(try await request(app, .POST, "api/v1/gear", user, bad).0 == .unprocessableEntity, "\(bad)")
            }
            // A name typed on the activity makes the gear.
            #expect(try await request(app, .PATCH, "api/v1/activities/\(activityID)", user, ["gear": "Trail shoes"]).0 == .ok)
            #expect(try await gear(app, user)["Trail shoes"]?["kind"] as? String == "shoes")
            #expect(try await gear(app, stranger).keys.sorted() == ["Not yours"])
        }
    }

    @Test func aSportsDefaultGoesToItsNewActivitiesAndAnExportBringsItsGear() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            let (_, bike) = try await request(app, .POST, "api/v1/gear", user, ["kind": "bike", "name": "Gravel", "default_sports": ["ride", "gravel_ride"]])
            let (_, other) = try await request(app, .POST, "api/v1/gear", user, ["kind": "bike", "name": "Road", "default_sports": ["ride"]])
            // One default a sport: the later one takes `ride` from the first.
            #expect((bike as? [String: Any])?["default_sports"] as? [String] == ["gravel_ride", "ride"])
            #expect((other as? [String: Any])?["default_sports"] as? [String] == ["ride"])
            #expect(try await gear(app, user)["Gravel"]?["default_sports"] as? [String] == ["gravel_ride"])
            let ride = SyntheticActivity.make(seed: 91, start: Date(timeIntervalSince1970: 1_780_000_000), seconds: 1200, sport: .ride)
            #expect(try await TestFiles.upload(app, user, [("ride.fit", FITEncoder().encode(ride))]).0 == .created)
            #expect(try await gear(app, user)["Road"]?["activities"] as? Int == 1)
            // A Strava export: its shoes (one named by brand and model only), and a run that names them.
            let shoes = "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\nRacers,Nike,Vaporfly 3,\"Run,TrailRun\"\n,Hoka,Speedgoat 5,\n"
            let bikes = "Bike Name,Bike Brand,Bike Model,Bike Default Sport Types\nRoad,Canyon,Endurace,Ride\n"
            let run = SyntheticActivity.make(seed: 92, start: Date(timeIntervalSince1970: 1_781_000_000), seconds: 1200, sport: .run)
            let csv = """
                Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Activity Gear,Filename,Elapsed Time,Moving Time,Distance
                301,"Jun 9, 2026, 10:13:20 AM",Tempo,Run,,1200,4.0,Hoka Speedgoat 5,activities/301.fit.gz,1200,1200,4000
                302,"Jun 10, 2026, 10:13:20 AM",Easy,Run,,1800,5.0,,,1800,1800,5000
                """
            let zip = try TestFiles.zip([("activities.csv", Data(csv.utf8)), ("shoes.csv", Data(shoes.utf8)), ("bikes.csv", Data(bikes.utf8)),
                                         ("activities/301.fit.gz", try TestFiles.gzip(FITEncoder().encode(run)))])
            let (status, body) = try await TestFiles.upload(app, user, [("export.zip", zip)])
            #expect(status == .created, "\(body)")
            let list = try await gear(app, user)
            #expect(list.keys.sorted() == ["Gravel", "Hoka Speedgoat 5", "Racers", "Road"], "the export's Road is the athlete's own")
            #expect(list["Racers"]?["brand"] as? String == "Nike" && list["Racers"]?["model"] as? String == "Vaporfly 3")
            #expect(list["Racers"]?["default_sports"] as? [String] == ["run", "trail_run"])
            #expect(list["Hoka Speedgoat 5"]?["activities"] as? Int == 1, "the run that names them")
            #expect(list["Racers"]?["activities"] as? Int == 1, "the run that names none gets the default for runs")
        }
    }

    @Test func theGearPageAddsChangesAndRetires() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            var form = user.browser()
            form.contentType = .urlEncodedForm
            try await app.testing().test(.POST, "gear", headers: form,
                                         body: ByteBuffer(string: "name=Speedgoat&kind=shoes&initial_km=12,5&retire_km=800&default_sports[]=trail_run")) { res async in
                #expect(res.status == .seeOther)
            }
            let stored = try #require(try await Gear.query(on: app.db).first())
            #expect(stored.initialDistance == 12_500 && stored.retireDistance == 800_000 && stored.defaultSportList == ["trail_run"])
            try await app.testing().test(.POST, "gear", headers: form, body: ByteBuffer(string: "name=x&kind=shoes&retire_km=far")) { res async in
                #expect(res.status == .unprocessableEntity)
            }
            try await app.testing().test(.POST, "gear/\(try stored.requireID())", headers: form,
                                         body: ByteBuffer(string: "name=Speedgoat 6&kind=shoes&initial_km=&retire_km=")) { res async in
                #expect(res.status == .seeOther)
            }
            let changed = try #require(try await Gear.find(stored.id, on: app.db))
            #expect(changed.name == "Speedgoat 6" && changed.retireDistance == nil && changed.defaultSportList.isEmpty)
            try await app.testing().test(.POST, "gear/\(try stored.requireID())/retire", headers: form, body: ByteBuffer(string: "retired=true")) { res async in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "gear", headers: user.browser()) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Retired") && res.body.string.contains("Back in use"))
            }
        }
    }
}

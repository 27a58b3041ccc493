@testable import AthletIQ
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

@Suite struct DataRightsTests {
    let json = TestUsers.jsonHeaders

    @Test func exportIsAZipOfMyData() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app, name: "Export Me")
            try await app.testing().test(.GET, "api/v1/me/export", headers: user.bearer) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType) == "application/zip")
                #expect(res.headers.first(name: .contentDisposition)?.contains("athletiq-export-") == true)
                let archive = try Archive(data: Data(buffer: res.body), accessMode: .read)
                let entry = try #require(archive["account.json"])
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                let account = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect((account["user"] as? [String: Any])?["full_name"] as? String == "Export Me")
                #expect((account["sessions"] as? [Any])?.count == 1)
                #expect(archive["README.txt"] != nil)
            }
        }
    }

    @Test func deletionsNeedTheTypedPhrase() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            for (method, path) in [(HTTPMethod.POST, "api/v1/me/delete-strava-data"), (.POST, "api/v1/me/delete-data"), (.DELETE, "api/v1/me")] {
                try await app.testing().test(method, path, headers: user.bearer.merging(json), body: TestUsers.json(["confirm": "yes"])) { res async in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.errorCode == "confirmation_required")
                }
            }
            try await app.testing().test(.POST, "api/v1/me/delete-data", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["confirm": "DELETE ALL MY DATA"])) { res async in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.POST, "api/v1/me/delete-strava-data", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["confirm": "DELETE STRAVA DATA"])) { res async in
                #expect(res.status == .noContent)
            }
            // The account survives "delete all my data".
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in #expect(res.status == .ok) }
        }
    }

    @Test func accountDeletionLeavesNoRowOfTheUser() async throws {
        try await withTestApp { app in
            let user = try await TestUsers.signUp(app)
            _ = try await TestUsers.login(app, email: user.email, password: user.password)
            let survivor = try await TestUsers.signUp(app)
            let userID = try #require(UUID(uuidString: user.id))
            let sessionIDs = try await AuthSession.query(on: app.db).filter(\.$user.$id == userID).all().compactMap(\.id)
            let tokenIDs = try await RefreshToken.query(on: app.db).filter(\.$session.$id ~~ sessionIDs).all().compactMap(\.id)
            let owned = [userID] + sessionIDs + tokenIDs
            #expect(try await DatabaseScan.rowsMentioning(owned, in: app.db).isEmpty == false)

            try await app.testing().test(.DELETE, "api/v1/me", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["confirm": "DELETE MY ACCOUNT"])) { res async in
                #expect(res.status == .unauthorized, "the password is required")
            }
            try await app.testing().test(.DELETE, "api/v1/me", headers: user.bearer.merging(json),
                                         body: TestUsers.json(["confirm": "DELETE MY ACCOUNT", "password": user.password])) { res async in
                #expect(res.status == .noContent)
            }
            let left = try await DatabaseScan.rowsMentioning(owned, in: app.db)
            #expect(left.isEmpty, "rows of the deleted user remain: \(left)")
            try await app.testing().test(.GET, "api/v1/auth/me", headers: user.bearer) { res async in #expect(res.status == .unauthorized) }
            try await app.testing().test(.POST, "api/v1/auth/login", headers: json,
                                         body: TestUsers.json(["email": user.email, "password": user.password])) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.GET, "api/v1/auth/me", headers: survivor.bearer) { res async in #expect(res.status == .ok) }
        }
    }
}

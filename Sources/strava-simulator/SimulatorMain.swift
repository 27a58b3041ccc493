import Foundation
import AthletIQCore
import StravaSimulator

/// `strava-simulator [--port 9090] [--athletes 3] [--activities 200] [--client-id 12345]
/// [--client-secret S] [--read-limit 100,1000] [--overall-limit 200,2000]`: a local Strava for demos. Point athletIQ at it
/// with STRAVA_API_URL=http://127.0.0.1:9090/api/v3 and STRAVA_OAUTH_URL=http://127.0.0.1:9090/oauth.
/// The authorize page consents at once as the first athlete.
@main
struct SimulatorMain {
    static func main() async throws {
        var options: [String: String] = [:]
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            guard argument.hasPrefix("--") else { continue }
            if argument == "--help" {
                print("strava-simulator [--port 9090] [--athletes 3] [--activities 200] [--client-id 12345] [--client-secret S] [--read-limit 100,1000] [--overall-limit 200,2000]")
                return
            }
            options[String(argument.dropFirst(2))] = arguments.next() ?? ""
        }
        var configuration = StravaSimulator.Configuration()
        configuration.port = Int(options["port"] ?? "9090") ?? 9090
        if let id = options["client-id"] { configuration.clientID = id }
        if let secret = options["client-secret"] { configuration.clientSecret = secret }
        if let limit = options["read-limit"].flatMap({ StravaLimitPairParser.parse($0) }) { configuration.readLimit = limit }
        if let limit = options["overall-limit"].flatMap({ StravaLimitPairParser.parse($0) }) { configuration.overallLimit = limit }
        if let host = options["host"] { configuration.host = host }
        configuration.adminAPI = options["admin"] != "off"
        let simulator = try await StravaSimulator.start(configuration)
        let athletes = max(1, Int(options["athletes"] ?? "3") ?? 3)
        let activities = max(0, Int(options["activities"] ?? "200") ?? 200)
        for index in 0..<athletes {
            let id = Int64(1001 + index)
            simulator.addAthlete(id: id, firstname: ["Sam", "Alex", "Camille", "Noa"][index % 4], lastname: "Runner\(index + 1)")
            simulator.addHistory(athleteID: id, count: activities, newest: Date().addingTimeInterval(-3600))
        }
        simulator.setConsent(.init(athleteID: 1001))
        print("Strava simulator on \(simulator.baseURL): API \(simulator.apiURL), OAuth \(simulator.oauthURL)")
        print("client id \(configuration.clientID), secret \(configuration.clientSecret); \(athletes) athlete(s) of \(activities) activities; consent as athlete 1001")
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }
}

enum StravaLimitPairParser {
    static func parse(_ text: String) -> StravaLimitPair? { StravaLimitPair(header: text) }
}

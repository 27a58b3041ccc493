import AthletIQCore
import Fluent
import Foundation
import Vapor

/// `athletiq backtest --user EMAIL`: predicts each of the athlete's past races from the efforts
/// before it and prints the error of each and on average.
struct BacktestCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "user", help: "Email of the athlete.") var user: String?
    }

    var help: String { "Checks race predictions against the athlete's past races." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let user = try await UserCommands.find(signature.user, on: app.db)
        let summary = try await BacktestService(database: app.db, userID: try user.requireID()).run()
        guard !summary.results.isEmpty else {
            context.console.print("No races: mark races with PATCH /api/v1/activities/{id} {\"race\": true}.")
            return
        }
        for result in summary.results {
            let date = result.race.date.map { $0.formatted(.iso8601.year().month().day()) } ?? "?"
            let actual = Self.clock(result.race.time)
            let predicted = result.predicted.map(Self.clock) ?? "no prediction"
            let error = result.errorPercent.map { String(format: "%+.1f %%", $0) } ?? ""
            context.console.print("\(date)  \(String(format: "%7.2f km", result.race.distance / 1000))  actual \(actual)  predicted \(predicted)  \(error)")
        }
        if let mean = summary.meanAbsoluteErrorPercent {
            context.console.print(String(format: "mean absolute error: %.1f %% over %d races", mean, summary.results.filter { $0.predicted != nil }.count))
        }
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }
}

/// Gathers the athlete's races and best efforts for `Backtest`.
struct BacktestService {
    let database: any Database
    let userID: UUID

    func run() async throws -> Backtest.Summary {
        let races = try await Activity.query(on: database).filter(\.$user.$id == userID).filter(\.$isRace == true).all()
            .filter { (Sport(rawValue: $0.sport) ?? .other).family == .running }
            .compactMap(RaceResult.performance)
        // Every effort counts, races' included: each race is predicted only from efforts dated
        // before it (Backtest keeps to that), so an earlier race informs a later one.
        let efforts = try await BestEffortRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$sportFamily == "running").all()
            .compactMap { row -> Performance? in
                BestEfforts.distances.first { $0.name == row.name }.map { Performance(distance: $0.meters, time: row.value, date: row.startDate, label: row.name) }
            }
        return Backtest.run(races: races, efforts: efforts)
    }
}

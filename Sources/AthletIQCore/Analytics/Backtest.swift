import Foundation

/// Honest accuracy: predicts each past race from the efforts made before it (never after) and
/// reports the error.
public enum Backtest {
    public struct Result: Sendable, Codable, Equatable {
        public var race: Performance
        public var predicted: Double?
        /// (predicted − actual) / actual, in percent: positive means the prediction was too slow.
        public var errorPercent: Double?
        public var basis: Int
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var results: [Result]
        public var meanAbsoluteErrorPercent: Double?
    }

    /// - Parameter efforts: best efforts with their dates; each race uses those of the year before it.
    public static func run(races: [Performance], efforts: [Performance]) -> Summary {
        let results = races.sorted { ($0.date ?? .distantPast) < ($1.date ?? .distantPast) }.map { race -> Result in
            guard let date = race.date else { return Result(race: race, predicted: nil, errorPercent: nil, basis: 0) }
            let before = efforts.filter { ($0.date ?? .distantFuture) < date && ($0.date ?? .distantPast) >= date.addingTimeInterval(-365 * 86_400) }
            // The best effort per distance, as the athlete's records stood that day.
            var best: [Double: Performance] = [:]
            for effort in before where best[effort.distance].map({ effort.time < $0.time }) ?? true { best[effort.distance] = effort }
            guard let prediction = RacePrediction.predict(distance: race.distance, from: Array(best.values)) else {
                return Result(race: race, predicted: nil, errorPercent: nil, basis: 0)
            }
            return Result(race: race, predicted: prediction.time, errorPercent: (prediction.time - race.time) / race.time * 100, basis: best.count)
        }
        let errors = results.compactMap(\.errorPercent).map(abs)
        return Summary(results: results, meanAbsoluteErrorPercent: errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count))
    }
}

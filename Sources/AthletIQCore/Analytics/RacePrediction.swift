import Foundation

/// A performance: a distance covered in a time.
public struct Performance: Sendable, Codable, Equatable {
    public var distance: Double
    public var time: Double
    public var date: Date?
    public var label: String?
    /// The activity it comes from: efforts nested in one race are one observation, not several.
    public var source: String?

    public init(distance: Double, time: Double, date: Date? = nil, label: String? = nil, source: String? = nil) {
        self.distance = distance
        self.time = time
        self.date = date
        self.label = label
        self.source = source
    }

    public var speed: Double { time > 0 ? distance / time : 0 }
}

/// Race-time models (see SCIENCE.md for sources): Riegel with a personal exponent, Daniels/Gilbert
/// VDOT and Cameron, side by side, with a combined estimate.
public enum RacePrediction {
    public static let defaultRiegelExponent = 1.06

    // MARK: Riegel

    public static func riegel(from effort: Performance, to distance: Double, exponent: Double = defaultRiegelExponent) -> Double {
        effort.time * pow(distance / effort.distance, exponent)
    }

    /// Fits `T = K·D^E` by least squares on logarithms, on one effort per activity (its longest:
    /// the 1 km, mile and 5 km inside one 5 km race are one race, and fitted together they gave an
    /// exponent of 1.000); nil unless the efforts span at least a factor of 3 in distance and
    /// `1 < E < 2` (Runalyze's sanity bounds).
    public static func fitRiegel(_ efforts: [Performance]) -> (k: Double, exponent: Double)? {
        var perSource: [String: Performance] = [:]
        var unattributed: [Performance] = []
        for effort in efforts where effort.distance > 0 && effort.time > 0 {
            guard let source = effort.source else { unattributed.append(effort); continue }
            if (perSource[source]?.distance ?? 0) < effort.distance { perSource[source] = effort }
        }
        let independent = unattributed + perSource.values
        guard let shortest = independent.map(\.distance).min(), let longest = independent.map(\.distance).max(),
              longest >= 3 * shortest else { return nil }
        let points = independent.map { (log($0.distance), log($0.time)) }
        guard Set(points.map { ($0.0 * 1000).rounded() }).count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.map(\.0).reduce(0, +) / n, my = points.map(\.1).reduce(0, +) / n
        let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        let sxy = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let exponent = sxy / sxx
        guard exponent > 1, exponent < 2 else { return nil }
        return (exp(my - exponent * mx), exponent)
    }

    // MARK: VDOT

    /// Oxygen cost of running at `metersPerMinute` (ml/kg/min).
    public static func oxygenCost(metersPerMinute v: Double) -> Double {
        -4.60 + 0.182258 * v + 0.000104 * v * v
    }

    /// The fraction of VO2max sustainable for `minutes`.
    public static func sustainableFraction(minutes t: Double) -> Double {
        0.8 + 0.1894393 * exp(-0.012778 * t) + 0.2989558 * exp(-0.1932605 * t)
    }

    public static func vdot(_ effort: Performance) -> Double {
        let minutes = effort.time / 60
        return oxygenCost(metersPerMinute: effort.distance / minutes) / sustainableFraction(minutes: minutes)
    }

    /// The time (s) at `distance` for a given VDOT, by Newton–Raphson on the time.
    public static func time(forVDOT vdot: Double, distance: Double) -> Double? {
        guard vdot > 10, distance > 0 else { return nil }
        func f(_ t: Double) -> Double { oxygenCost(metersPerMinute: distance / t) / sustainableFraction(minutes: t) - vdot }
        var t = distance / 200 // a first guess at 200 m/min, in minutes
        for _ in 0..<50 {
            let h = max(1e-6, t * 1e-6)
            let derivative = (f(t + h) - f(t - h)) / (2 * h)
            guard derivative != 0, derivative.isFinite else { return nil }
            let next = t - f(t) / derivative
            guard next.isFinite, next > 0 else { return nil }
            if abs(next - t) < 1e-9 { t = next; break }
            t = next
        }
        return abs(f(t)) < 1e-6 ? t * 60 : nil
    }

    // MARK: Cameron

    static func cameronFactor(_ meters: Double) -> Double {
        13.49681 - 0.000030363 * meters + 835.7114 / pow(meters, 0.7905)
    }

    public static func cameron(from effort: Performance, to distance: Double) -> Double {
        effort.time * (distance / effort.distance) * cameronFactor(effort.distance) / cameronFactor(distance)
    }

    // MARK: Combined

    public struct Estimate: Sendable, Codable, Equatable {
        public var model: String
        public var time: Double
        /// The efforts it rests on.
        public var basis: [Performance]
        public var note: String?
    }

    public struct Prediction: Sendable, Codable, Equatable {
        public var distance: Double
        public var estimates: [Estimate]
        /// The median of the models, with their spread.
        public var time: Double
        public var low: Double
        public var high: Double
        public var riegelExponent: Double
        public var warnings: [String]
    }

    /// Predicts `distance` from the athlete's best efforts (their best per distance).
    public static func predict(distance: Double, from efforts: [Performance]) -> Prediction? {
        let usable = efforts.filter { $0.distance >= 1000 && $0.time > 0 && $0.distance <= 100_000 }
        guard !usable.isEmpty else { return nil }
        // The effort closest in distance (by ratio) anchors the single-effort models.
        let anchor = usable.min { abs(log($0.distance / distance)) < abs(log($1.distance / distance)) } ?? usable[0]
        var estimates: [Estimate] = []
        var exponent = defaultRiegelExponent
        if let fit = fitRiegel(usable) {
            exponent = fit.exponent
            estimates.append(Estimate(model: "riegel", time: fit.k * pow(distance, fit.exponent), basis: usable,
                                      note: String(format: "personal exponent %.3f fitted on %d efforts", fit.exponent, usable.count)))
        } else {
            estimates.append(Estimate(model: "riegel", time: riegel(from: anchor, to: distance), basis: [anchor], note: "exponent 1.06"))
        }
        let best = usable.max { vdot($0) < vdot($1) } ?? anchor
        if let time = time(forVDOT: vdot(best), distance: distance) {
            estimates.append(Estimate(model: "vdot", time: time, basis: [best], note: String(format: "VDOT %.1f", vdot(best))))
        }
        estimates.append(Estimate(model: "cameron", time: cameron(from: anchor, to: distance), basis: [anchor], note: nil))
        let times = estimates.map(\.time).sorted()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        var warnings: [String] = []
        let longest = usable.map(\.distance).max() ?? 0
        if distance > 30_000 && longest < 15_000 {
            warnings.append("A marathon predicted from short races tends to be optimistic: run a half marathon or long race first.")
        }
        if distance > longest * 4 { warnings.append("The prediction reaches far beyond your longest effort.") }
        return Prediction(distance: distance, estimates: estimates, time: median, low: times.first ?? median,
                          high: times.last ?? median, riegelExponent: exponent, warnings: warnings)
    }
}

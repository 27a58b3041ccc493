/// The kinds of planned session, with the sport each implies and the words coaches use for them
/// (French and English).
public enum WorkoutType: String, Sendable, Codable, CaseIterable {
    case easy, long, intervals, tempo, threshold, hills, fartlek, recovery, race, trail
    case ride, swim, walk, hike, strength, crossTraining = "cross_training", rest, other

    /// The sport a session of this type is done in (runs unless the type says otherwise).
    public var sport: Sport {
        switch self {
        case .easy, .long, .intervals, .tempo, .threshold, .hills, .fartlek, .recovery, .race: return .run
        case .trail: return .trailRun
        case .ride: return .ride
        case .swim: return .swim
        case .walk: return .walk
        case .hike: return .hike
        case .strength: return .strength
        case .crossTraining: return .workout
        case .rest, .other: return .other
        }
    }

    /// The zone a session of this type is usually run in, when the plan gives none.
    public var typicalZone: Int? {
        switch self {
        case .recovery, .walk: return 1
        case .easy, .long, .ride, .swim, .hike, .trail: return 2
        case .tempo, .fartlek, .hills: return 3
        case .threshold: return 4
        case .intervals, .race: return 5
        case .strength, .crossTraining, .rest, .other: return nil
        }
    }

    /// A type from a coach's word ("Sortie longue", "VMA", "Footing", "Tempo run"...); nil when
    /// the word is not one we know.
    public static func named(_ raw: String) -> WorkoutType? {
        let key = PlanText.fold(raw)
        if key.isEmpty { return nil }
        if let exact = WorkoutType(rawValue: key.replacingOccurrences(of: " ", with: "_")) { return exact }
        for (words, type) in vocabulary where words.contains(where: { key == $0 || key.hasPrefix($0 + " ") }) { return type }
        for (words, type) in vocabulary where words.contains(where: { $0.count >= 4 && key.contains($0) }) { return type }
        return nil
    }

    private static let vocabulary: [([String], WorkoutType)] = [
        (["repos", "rest", "off", "jour off", "rest day"], .rest),
        (["sortie longue", "sl", "long", "long run", "longue"], .long),
        (["fractionne", "fractionnes", "vma", "intervalles", "intervals", "interval", "piste", "track", "vo2", "vo2max", "series"], .intervals),
        (["seuil", "threshold", "lactate"], .threshold),
        (["tempo", "allure marathon", "am", "as", "allure specifique", "tempo run"], .tempo),
        (["cotes", "cote", "hills", "hill", "hill repeats", "montees"], .hills),
        (["fartlek"], .fartlek),
        (["recup", "recuperation", "recovery", "decrassage"], .recovery),
        (["course", "competition", "race", "compet", "marathon", "semi", "10 km", "10k"], .race),
        (["trail", "trail run", "montagne"], .trail),
        (["footing", "ef", "endurance", "endurance fondamentale", "easy", "easy run", "jogging", "run", "running", "cap"], .easy),
        (["velo", "bike", "ride", "cycling", "home trainer", "vtt", "gravel"], .ride),
        (["natation", "swim", "swimming", "piscine"], .swim),
        (["marche", "walk", "walking"], .walk),
        (["rando", "randonnee", "hike", "hiking"], .hike),
        (["renfo", "renforcement", "ppg", "musculation", "strength", "gym", "core", "gainage"], .strength),
        (["cross training", "elliptique", "yoga", "autre sport", "cross"], .crossTraining),
    ]
}

/// Text helpers for plan files: accents folded, case folded, spaces squeezed.
public enum PlanText {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let cleaned = folded.map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(cleaned).split(separator: " ").joined(separator: " ")
    }
}

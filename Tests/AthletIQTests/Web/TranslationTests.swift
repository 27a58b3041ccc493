@testable import AthletIQ
import AthletIQCore
import Testing

/// Every text of the pages exists in both languages: a key missing in French would show in
/// English (or as its key) to a French athlete.
@Suite struct TranslationTests {
    @Test func everyKeyIsInBothLanguages() {
        let english = Set(Strings.english.keys), french = Set(Strings.french.keys)
        #expect(english.subtracting(french).sorted() == [], "missing in French")
        #expect(french.subtracting(english).sorted() == [], "missing in English")
        // Every sport and every best effort has its name in both.
        for sport in Sport.allCases {
            #expect(english.contains("sport.\(sport.rawValue)") && french.contains("sport.\(sport.rawValue)"), "\(sport)")
        }
        for effort in BestEfforts.distances.map(\.name) + BestEfforts.powerDurations.map(\.name) {
            #expect(english.contains("best.\(effort)") && french.contains("best.\(effort)"), "\(effort)")
        }
    }
}

@testable import AthletIQCore
import Foundation
import Testing

@Suite struct ICalendarTests {
    /// Unfolds and splits a document into (name with parameters, value) pairs.
    static func contentLines(_ text: String) -> [(String, String)] {
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        return unfolded.components(separatedBy: "\r\n").filter { !$0.isEmpty }.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
    }

    @Test func aDocumentParsesBack() {
        let long = String(repeating: "Échauffement, 10 × 400 m; récup ", count: 6) + "\nfin"
        let events = [
            ICalendar.Event(uid: "a@athletiq", summary: "Sortie longue - 18 km", description: long, date: "2026-12-04", time: nil,
                            duration: 6600, categories: ["long", "run"], lastModified: nil, completed: false),
            ICalendar.Event(uid: "b@athletiq", summary: "VO2, 6 x 800", description: nil, date: "2026-12-31", time: "18:30",
                            duration: 3900, categories: ["intervals"], lastModified: Date(timeIntervalSince1970: 0), completed: true),
        ]
        let text = ICalendar.document(name: "Plan, Ada", events: events, now: Date(timeIntervalSince1970: 1_796_205_720))
        // Every physical line is at most 75 octets and ends with CRLF.
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = Self.contentLines(text)
        #expect(lines.first! == ("BEGIN", "VCALENDAR"))
        #expect(lines.filter { $0 == ("BEGIN", "VEVENT") }.count == 2)
        #expect(lines.contains { $0 == ("X-WR-CALNAME", "Plan\\, Ada") })
        #expect(lines.contains { $0 == ("DTSTART;VALUE=DATE", "20261204") })
        #expect(lines.contains { $0 == ("DTEND;VALUE=DATE", "20261205") })
        #expect(lines.contains { $0 == ("DTSTART", "20261231T183000Z") })
        #expect(lines.contains { $0 == ("DURATION", "PT1H5M") })
        #expect(lines.contains { $0 == ("TRIGGER", "-PT30M") })
        let description = lines.first { $0.0 == "DESCRIPTION" && $0.1.hasPrefix("Échauffement") }?.1 ?? ""
        let unescaped = description.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\;", with: ";")
            .replacingOccurrences(of: "\\,", with: ",")
        #expect(unescaped == long)
        #expect(lines.contains { $0 == ("DTSTAMP", "20261202T100200Z") })
    }

    @Test func foldingNeverSplitsACharacter() {
        let line = "SUMMARY:" + String(repeating: "é", count: 100)
        let folded = ICalendar.fold(line)
        for piece in folded.components(separatedBy: "\r\n") {
            #expect(piece.utf8.count <= 75)
            #expect(String(data: Data(piece.utf8), encoding: .utf8) != nil)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(ICalendar.nextDay("2026-12-31") == "20270101")
        #expect(ICalendar.nextDay("2028-02-28") == "20280229")
    }
}

@testable import AthletIQCore
import Foundation
import Testing

@Suite struct PlanFileParserTests {
    func sessions(_ rows: [PlanFileParser.Row]) -> [(Int, PlannedSession, String, [String])] {
        rows.compactMap { row in
            if case .session(let session, let key, let warnings) = row.outcome { return (row.line, session, key, warnings) }
            return nil
        }
    }

    func skipped(_ rows: [PlanFileParser.Row]) -> [Int: String] {
        Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            if case .skipped(let reason) = row.outcome { return (row.line, reason) }
            return nil
        })
    }

    @Test func theCoachFileOfTheOriginalApp() throws {
        let rows = try PlanFileParser.parse(try Fixtures.data("plans/coach-plan.tsv"))
        let good = sessions(rows)
        #expect(good.count == 10)
        let footing = try #require(good.first { $0.0 == 2 }?.1)
        #expect(footing.date == "2026-12-01")
        #expect(footing.type == .easy && footing.sport == .run)
        #expect(footing.name == "Footing - 10 km (100 m D+)")
        #expect(footing.distance == 10_000 && footing.elevationGain == 100)
        #expect(abs((footing.targetSpeed ?? 0) - 1000.0 / 360) < 1e-9)
        #expect(footing.zone == 2 && footing.duration == 3600 && footing.rpe == 4)
        #expect(footing.phase == "Foncier" && footing.week == 1)
        #expect(footing.coachNotes == "Reste facile, tu dois pouvoir parler")
        let intervals = try #require(good.first { $0.0 == 3 }?.1)
        #expect(intervals.type == .intervals && intervals.zone == 5 && intervals.duration == 4200)
        #expect(intervals.description == "Échauffement 20', 10 x 400 m, récup 1'30; retour au calme")
        #expect(good.first { $0.0 == 4 }?.1.type == .rest)
        let long = try #require(good.first { $0.0 == 5 }?.1)
        #expect(long.type == .long && long.zone == 2 && long.duration == 6600)
        #expect(abs((long.targetSpeed ?? 0) - 1000 / 352.5) < 1e-9)
        // Two sessions on one day keep apart by their rank.
        #expect(good.first { $0.0 == 6 }?.2 == "2026-12-05#1")
        let bike = try #require(good.first { $0.0 == 7 })
        #expect(bike.2 == "2026-12-05#2" && bike.1.sport == .ride && bike.1.type == .ride)
        #expect(good.first { $0.0 == 8 }?.1.zone == 4)
        let unknown = try #require(good.first { $0.0 == 10 })
        #expect(unknown.1.type == .other && unknown.1.name == "Aquagym - 5 km")
        #expect(unknown.3 == ["unknown type \"Aquagym\": kept as other"])
        let race = try #require(good.first { $0.0 == 13 }?.1)
        #expect(race.type == .race && race.distance == 21_100 && race.duration == 5700)
        let bad = skipped(rows)
        #expect(bad[9] == "date \"31/02/2026\" cannot be read")
        #expect(bad[11] == "distance \"abc\" cannot be read")
        #expect(bad.count == 2)
    }

    @Test func anEnglishCSV() throws {
        let rows = try PlanFileParser.parse(try Fixtures.data("plans/plan-en.csv"))
        let good = sessions(rows)
        #expect(good.count == 4)
        let vo2 = try #require(good.first { $0.1.type == .intervals }?.1)
        #expect(vo2.name == "VO2 max: 6 x 800 m")
        #expect(vo2.time == "18:30")
        #expect(vo2.duration == 3900)
        #expect(vo2.week == 2)
        #expect(vo2.coachNotes == "Keep the last one as fast as the first")
        #expect(good.first { $0.1.type == .tempo }?.1.name == "Tempo - 14 km (120 m D+)")
        #expect(skipped(rows)[6] == "date \"2026-13-01\" cannot be read")
    }

    @Test func latin1SemicolonsAndBOM() throws {
        let text = "Date;Type;Km;Durée\n05/01/2027;Footing;8,5;50'\n06/01/2027;Sortie longue;20;1h45\n"
        let latin1 = try #require(text.data(using: .windowsCP1252))
        let rows = try PlanFileParser.parse(latin1)
        #expect(sessions(rows).map(\.1.duration) == [3000, 6300])
        #expect(sessions(rows).first?.1.distance == 8500)
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        #expect(try PlanFileParser.parse(bom).count == 2)
    }

    @Test func filesThatAreNotPlans() {
        let cases: [(Data, PlanFileParser.Failure.Code)] = [
            (Data(), .empty), (Data("  \n\n".utf8), .empty),
            (Data([0x0E, 0x00, 0x10, 0x20, 0x2E, 0x46, 0x49, 0x54, 0x00, 0x00]), .binary),
            (Data("just,some,words\n1,2,3\n".utf8), .noHeader),
        ]
        for (data, code) in cases {
            #expect(throws: PlanFileParser.Failure.self) { try PlanFileParser.parse(data) }
            do { _ = try PlanFileParser.parse(data) } catch let failure as PlanFileParser.Failure { #expect(failure.code == code) } catch {}
        }
    }

    /// A duration of more than a day is kept but warned about (a slip such as 30:00:00 for 30:00).
    @Test func aDurationOfMoreThanADayIsWarnedAbout() throws {
        let text = "date,type,duration\n2026-12-07,easy,30:00:00\n2026-12-08,easy,45:00\n"
        let good = sessions(try PlanFileParser.parse(Data(text.utf8)))
        #expect(good.count == 2)
        #expect(good.first?.1.duration == 108_000)
        #expect(good.first?.3.contains { $0.contains("more than a day") } == true, "\(good.first?.3 ?? [])")
        #expect(good.last?.1.duration == 2700)
        #expect(good.last?.3.isEmpty == true, "\(good.last?.3 ?? [])")
    }

    @Test func cellFormats() throws {
        #expect(try PlanValues.duration("1h30") == 5400)
        #expect(try PlanValues.duration("1 h 30 min") == 5400)
        #expect(try PlanValues.duration("45'") == 2700)
        #expect(try PlanValues.duration("1:15") == 4500)
        #expect(try PlanValues.duration("1:15:30") == 4530)
        #expect(try PlanValues.duration("90") == 5400)
        // A coach's "45:00" is 45 minutes, not 45 hours; "2:30" is still two and a half hours.
        #expect(try PlanValues.duration("45:00") == 2700)
        #expect(try PlanValues.duration("10:30") == 630)
        #expect(try PlanValues.duration("2:30") == 9000)
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.duration("1:75") }
        // A pace per mile.
        #expect(try PlanValues.pace("8:00/mi").map { 1609.344 / $0 } == 480)
        #expect(try PlanValues.pace("8:00 min/mile").map { 1609.344 / $0 } == 480)
        #expect(try PlanValues.duration("") == nil)
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.duration("soon") }
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.duration("-5") }
        #expect(try PlanValues.pace("5'30\"").map { 1000 / $0 } == 330)
        #expect(try PlanValues.pace("5min30/km").map { 1000 / $0 } == 330)
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.pace("fast") }
        #expect(try PlanValues.zone("Zone 3") == 3)
        #expect(try PlanValues.zone("VMA") == 5)
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.zone("Z7") }
        #expect(try PlanValues.rpe("6/10") == 6)
        #expect(try PlanValues.date("2/3/27") == "2027-03-02")
        #expect(try PlanValues.date("29/02/2028") == "2028-02-29")
        #expect(throws: PlanValues.Unreadable.self) { try PlanValues.date("29/02/2027") }
        #expect(try PlanValues.number("1 234,5 m", field: "x", range: 0...10_000) == 1234.5)
        #expect(try PlanValues.time("7h") == "07:00")
        #expect(WorkoutType.named("Sortie Longue") == .long)
        #expect(WorkoutType.named("VMA courte") == .intervals)
        #expect(WorkoutType.named("Ski de fond") == nil)
        #expect(PlannedSession.defaultName(typeLabel: "Trail", distance: 22_500, elevationGain: 1100) == "Trail - 22.5 km (1100 m D+)")
    }

    @Test func structuredWorkoutsAreChecked() {
        let good = [WorkoutStep(kind: .warmup, duration: 900),
                    WorkoutStep(kind: .repeats, count: 10, steps: [
                        WorkoutStep(kind: .interval, distance: 400, target: .init(kind: .pace, low: 3.9, high: 4.1)),
                        WorkoutStep(kind: .recovery, duration: 90)]),
                    WorkoutStep(kind: .cooldown, duration: 600)]
        #expect(WorkoutStep.problem(good) == nil)
        #expect(WorkoutStep.problem([WorkoutStep(kind: .repeats, count: 0, steps: good)]) != nil)
        #expect(WorkoutStep.problem([WorkoutStep(kind: .interval, duration: -1)]) != nil)
        #expect(WorkoutStep.problem([WorkoutStep(kind: .interval, target: .init(kind: .heartRate, low: 170, high: 150))]) != nil)
        let deep = WorkoutStep(kind: .repeats, count: 2, steps: [WorkoutStep(kind: .repeats, count: 2, steps: [
            WorkoutStep(kind: .repeats, count: 2, steps: [WorkoutStep(kind: .repeats, count: 2, steps: [WorkoutStep(kind: .interval, duration: 60)])])])])
        #expect(WorkoutStep.problem([deep]) != nil)
    }
}

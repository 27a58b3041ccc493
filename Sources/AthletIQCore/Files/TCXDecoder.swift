import Foundation

/// Decodes TCX (Garmin Training Center): activities, laps, trackpoints, the ActivityExtension
/// (speed, watts, run cadence) and courses.
public struct TCXDecoder {
    public var options: DecodeOptions

    public init(options: DecodeOptions = .strict) {
        self.options = options
    }

    public func decode(_ data: Data) throws -> DecodedActivity {
        try XMLActivityDecoding.decode(data, as: TCXState.self, options: options, notRecognized: "not a TCX document (no <TrainingCenterDatabase> element)")
    }
}

private struct TCXState: XMLActivityState {
    let maxSamples: Int
    var sawRoot = false
    var activity = DecodedActivity(format: .tcx)
    var builder = SampleSeriesBuilder()
    var stack: [String] = []
    var point: SampleRow?
    var lap: ActivitySummary?
    var lapCount = 0
    var sport: String?
    var activityID: Double?
    var activities = 0, courses = 0
    /// Each <Activity> of the file: its sport, id, and where its laps and samples start and end
    /// (a multisport file has one per leg).
    struct Part { var sport: String?; var id: Double?; var laps: Range<Int>; var samples: Range<Int> }
    var parts: [Part] = []
    var open: Part?
    var creatorName: String?, notes: String?, courseName: String?

    init(maxSamples: Int) {
        self.maxSamples = maxSamples
    }

    mutating func read(_ scanner: inout XMLScanner) throws {
        while let event = try scanner.next() {
            switch event {
            case .start(let selfClosing):
                let name = scanner.name
                start(name, scanner: scanner)
                if selfClosing { try end(name) } else { stack.append(name) }
            case .end:
                let name = scanner.name
                guard stack.last == name else {
                    throw FileDecodeError(.corrupt, "malformed XML: </\(name)> does not close <\(stack.last ?? "")>", offset: scanner.position)
                }
                stack.removeLast()
                try end(name)
            case .text:
                text(scanner)
            }
        }
        if !stack.isEmpty { throw FileDecodeError(.truncated, "the document ends before </\(stack.last ?? "")>", offset: scanner.position) }
    }

    /// The element `levels` above the current one.
    func ancestor(_ levels: Int) -> String {
        stack.count > levels ? stack[stack.count - 1 - levels] : ""
    }

    mutating func start(_ name: String, scanner: XMLScanner) {
        switch name {
        case "TrainingCenterDatabase": sawRoot = true
        case "Activity":
            activities += 1
            if sport == nil { sport = scanner.attribute("Sport") }
            open = Part(sport: scanner.attribute("Sport"), id: nil, laps: activity.laps.count..<activity.laps.count,
                        samples: builder.count..<builder.count)
        case "Course": courses += 1
        case "Lap":
            guard ancestor(0) == "Activity" || ancestor(0) == "Course" else { return }
            var summary = ActivitySummary()
            summary.startTime = scanner.attribute("StartTime").flatMap { text in
                let bytes = Array(text.utf8)
                return FastDate.parse(bytes, 0..<bytes.count).map { Date(timeIntervalSince1970: $0) }
            }
            lap = summary
        case "Trackpoint": point = SampleRow()
        default: break
        }
    }

    mutating func text(_ scanner: XMLScanner) {
        let element = ancestor(0)
        if point != nil {
            switch element {
            case "Time": point?.time = scanner.date() ?? .nan
            case "LatitudeDegrees": point?.latitude = scanner.number() ?? .nan
            case "LongitudeDegrees": point?.longitude = scanner.number() ?? .nan
            case "AltitudeMeters": point?.altitude = scanner.number() ?? .nan
            case "DistanceMeters": point?.distance = scanner.number() ?? .nan
            case "Value" where ancestor(1) == "HeartRateBpm": point?.heartRate = scanner.number() ?? .nan
            case "Cadence", "RunCadence": point?.cadence = scanner.number() ?? .nan
            case "Speed": point?.speed = scanner.number() ?? .nan
            case "Watts": point?.power = scanner.number() ?? .nan
            default: break
            }
            return
        }
        if lap != nil && (ancestor(1) == "Lap" || ancestor(2) == "Lap") {
            switch (element, ancestor(1)) {
            case ("TotalTimeSeconds", "Lap"): lap?.timerTime = scanner.number()
            case ("DistanceMeters", "Lap"): lap?.distance = scanner.number()
            case ("MaximumSpeed", "Lap"): lap?.maxSpeed = scanner.number()
            case ("Calories", "Lap"): lap?.calories = scanner.number()
            case ("Cadence", "Lap"): lap?.averageCadence = scanner.number()
            case ("Value", "AverageHeartRateBpm"): lap?.averageHeartRate = scanner.number()
            case ("Value", "MaximumHeartRateBpm"): lap?.maxHeartRate = scanner.number()
            default: break
            }
            return
        }
        switch (element, ancestor(1)) {
        case ("Id", "Activity"):
            let id = scanner.date()
            if activityID == nil { activityID = id }
            open?.id = id
        case ("Notes", "Activity"): if notes == nil { notes = scanner.text() }
        case ("Name", "Creator"): if creatorName == nil { creatorName = scanner.text() }
        case ("Name", "Course"): if courseName == nil { courseName = scanner.text() }
        case ("AvgSpeed", "LX"), ("AvgWatts", "LX"), ("AvgRunCadence", "LX"): break
        default: break
        }
    }

    mutating func end(_ name: String) throws {
        switch name {
        case "Trackpoint":
            guard let row = point else { return }
            point = nil
            guard builder.count < maxSamples else { throw FileDecodeError(.tooLarge, "more than \(maxSamples) trackpoints") }
            var checked = row
            if abs(checked.latitude) > 90 || abs(checked.longitude) > 180 || checked.latitude.isNaN != checked.longitude.isNaN {
                checked.latitude = .nan
                checked.longitude = .nan
            }
            builder.append(checked)
        case "Lap":
            guard var summary = lap else { return }
            lap = nil
            lapCount += 1
            if let start = summary.startTime, let time = summary.timerTime {
                summary.endTime = start.addingTimeInterval(time)
                summary.elapsedTime = time
            }
            if let distance = summary.distance, let time = summary.timerTime, time > 0 { summary.averageSpeed = distance / time }
            activity.laps.append(summary)
        case "Activity":
            guard var part = open else { return }
            open = nil
            part.laps = part.laps.lowerBound..<activity.laps.count
            part.samples = part.samples.lowerBound..<builder.count
            parts.append(part)
        default: break
        }
    }

    mutating func finish() -> DecodedActivity {
        var result = activity
        result.samples = builder.build()
        result.sportName = sport
        result.sport = sport.map(Sport.named) ?? .other
        result.name = courseName
        result.description = notes
        if let creatorName { result.device = DeviceInfo(product: creatorName) }
        result.startTime = activityID.map { Date(timeIntervalSince1970: $0) } ?? result.laps.first?.startTime
            ?? result.samples[.time]?.first { !$0.isNaN }.map { Date(timeIntervalSince1970: $0) }
        if parts.count > 1 {
            // Several activities (a multisport file): one session per leg, with its own sport.
            result.sessions = parts.map { part in
                let laps = Array(result.laps[part.laps])
                let samples = result.samples.subset(Array(part.samples))
                let start = part.id.map { Date(timeIntervalSince1970: $0) } ?? laps.first?.startTime
                    ?? samples[.time]?.first { !$0.isNaN }.map { Date(timeIntervalSince1970: $0) }
                var session = TCXState.session(from: laps, samples: samples, start: start)
                session.sportName = part.sport
                session.sport = part.sport.map(Sport.named) ?? .other
                return session
            }
        } else if !result.laps.isEmpty {
            result.sessions = [TCXState.session(from: result.laps, samples: result.samples, start: result.startTime)]
        }
        result.details["activities"] = String(activities)
        result.details["courses"] = String(courses)
        return result
    }

    /// One session from the laps, completed from the samples (TCX has no session totals).
    static func session(from laps: [ActivitySummary], samples: SampleSeries, start: Date?) -> ActivitySummary {
        let fromSamples = SummaryBuilder.fromSamples(samples)
        var session = ActivitySummary()
        session.startTime = start ?? laps.first?.startTime
        session.timerTime = laps.compactMap(\.timerTime).reduce(0, +)
        session.distance = laps.compactMap(\.distance).reduce(0, +)
        session.calories = laps.compactMap(\.calories).reduce(0, +)
        session.maxSpeed = laps.compactMap(\.maxSpeed).max() ?? fromSamples.maxSpeed
        session.maxHeartRate = fromSamples.maxHeartRate ?? laps.compactMap(\.maxHeartRate).max()
        session.averageHeartRate = fromSamples.averageHeartRate
        session.averageCadence = fromSamples.averageCadence
        session.averagePower = fromSamples.averagePower
        session.maxPower = fromSamples.maxPower
        session.ascent = fromSamples.ascent
        session.descent = fromSamples.descent
        session.endTime = fromSamples.endTime
        if let begin = session.startTime, let end = fromSamples.endTime { session.elapsedTime = end.timeIntervalSince(begin) }
        if let distance = session.distance, let time = session.timerTime, time > 0 { session.averageSpeed = distance / time }
        return session
    }
}

import AthletIQ
import AthletIQCore
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `athletiq-bench`: the speed and size figures of the README, measured on a release build.
/// Prints one JSON object per measurement; scripts/benchmark.sh runs it with the Python reference
/// decoders and prints the table.
@main
enum Benchmarks {
    static func main() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `athletiq-bench make-export PATH COUNT`: a synthetic Strava export for load tests.
        if arguments.first == "make-export", arguments.count >= 3, let count = Int(arguments[2]) {
            try StravaExportBuilder.build(activities: count).write(to: URL(fileURLWithPath: arguments[1]))
            return
        }
        let fixtures = URL(fileURLWithPath: arguments.first { !$0.hasPrefix("-") } ?? "Tests/Fixtures")
        let mode = arguments.dropFirst().first ?? "all"
        // Memory first: the peak (VmHWM) only grows, so later steps would hide it.
        if mode == "all" || mode == "memory" {
            try memory(fixtures)
        }
        if mode == "all" || mode == "decode" {
            try decodeThroughput(fixtures)
        }
        if mode == "all" || mode == "large-gpx" {
            try largeGPX()
        }
        if mode == "all" || mode == "storage" {
            try storage(fixtures)
        }
        if mode == "all" || mode == "analytics" {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let result = try await BenchAnalytics.run(dataDirectory: directory.path)
            emit(["measure": "analytics", "fitness_ten_years_ms": result.fitnessTenYearsMilliseconds,
                  "stats_5000_activities_api_ms": result.statsFiveThousandMilliseconds,
                  "stats_5000_activities_after_change_ms": result.statsAfterChangeMilliseconds,
                  "analysis_36000_samples_ms": result.analysisTenHoursMilliseconds])
            if let pages = result.pages {
                emit(["measure": "pages", "dashboard_ms": pages.dashboardMilliseconds, "activity_ms": pages.activityMilliseconds,
                      "list_ms": pages.listMilliseconds, "plans_ms": pages.plansMilliseconds,
                      "dashboard_bytes": pages.dashboardBytes, "activity_bytes": pages.activityBytes])
            }
            if let curves = result.curves {
                emit(["measure": "curves", "power_curve_all_time_10000_activities_ms": curves.allTimeMilliseconds,
                      "power_curve_90_days_and_all_time_10000_activities_ms": curves.ninetyDaysComparedMilliseconds])
            }
        }
        if mode == "all" || mode == "export" {
            try await exportImport(activities: Int(ProcessInfo.processInfo.environment["BENCH_ACTIVITIES"] ?? "") ?? 1000)
        }
        if mode == "all" || mode == "strava-day" {
            try await StravaDay.run()
        } else if mode == "strava-newcomer" {
            try await StravaDay.newcomer()
        }
    }

    static func emit(_ values: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    static func files(_ directory: URL, _ ext: String) throws -> [(String, Data)] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(ext) }.sorted()
            .map { ($0, try Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    /// Decodes every valid fixture of a format repeatedly for about two seconds.
    static func decodeThroughput(_ fixtures: URL) throws {
        let only = ProcessInfo.processInfo.environment["BENCH_FORMAT"]
        for (format, ext) in [("fit", ".fit"), ("gpx", ".gpx"), ("tcx", ".tcx")] where only == nil || only == format {
            let inputs = try files(fixtures.appendingPathComponent(format), ext)
                .filter { (try? ActivityFiles.decode(name: $0.0, data: $0.1)) != nil }
            // Rounds over every file for 5 s; the median round is the figure (a busy neighbour
            // slows some rounds, not the typical one), as for the Python references.
            var samples = 0, bytes = 0, rounds = 0, rates: [Double] = []
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < .seconds(5) {
                let roundStart = clock.now
                var roundSamples = 0
                for (name, data) in inputs {
                    roundSamples += (try? ActivityFiles.decode(name: name, data: data))?.samples.count ?? 0
                    bytes += data.count
                }
                samples += roundSamples
                rates.append(Double(roundSamples) / seconds(clock.now - roundStart))
                rounds += 1
            }
            let total = seconds(clock.now - start)
            emit(["measure": "decode", "format": format, "files": inputs.count, "rounds": rounds,
                  "samples_per_second": median(rates), "mean_samples_per_second": Double(samples) / total,
                  "megabytes_per_second": Double(bytes) / total / 1e6])
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A realistic long track: a 10-hour ride recorded every second as GPX 1.1 with Garmin
    /// extensions, written to `synthetic-10h.gpx` for the Python reference to read too.
    static func largeGPX() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-synthetic-10h.gpx")
        let activity = SyntheticActivity.make(seed: 77, start: Date(timeIntervalSince1970: 1_700_000_000), seconds: 36_000, sport: .ride)
        let samples = activity.samples
        var text = #"<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="athletiq-bench" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>Long ride</name><type>cycling</type><trkseg>"#
        text += "\n"
        for index in 0..<samples.count {
            let time = Date(timeIntervalSince1970: samples.value(.time, at: index) ?? 0).formatted(.iso8601)
            text += String(format: "<trkpt lat=\"%.7f\" lon=\"%.7f\"><ele>%.1f</ele><time>%@</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr><gpxtpx:cad>%d</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
                           samples.value(.latitude, at: index) ?? 0, samples.value(.longitude, at: index) ?? 0, samples.value(.altitude, at: index) ?? 0,
                           time, Int(samples.value(.heartRate, at: index) ?? 0), Int(samples.value(.cadence, at: index) ?? 0))
        }
        text += "</trkseg></trk></gpx>\n"
        let data = Data(text.utf8)
        try data.write(to: path)
        var samplesRead = 0, rounds = 0, rates: [Double] = []
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(5) {
            let roundStart = clock.now
            let count = try GPXDecoder().decode(data).samples.count
            rates.append(Double(count) / seconds(clock.now - roundStart))
            samplesRead += count
            rounds += 1
        }
        emit(["measure": "decode_large_gpx", "path": path.path, "bytes": data.count, "points": samples.count,
              "samples_per_second": median(rates), "mean_samples_per_second": Double(samplesRead) / seconds(clock.now - start),
              "rounds": rounds])
    }

    static func residentPeak() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? 0) * 1024
        }
        return 0
    }

    /// Peak memory added by decoding the largest FIT fixture, compared with its size. A small
    /// file is decoded first so that one-time runtime set-up (as in any running server) is not counted.
    static func memory(_ fixtures: URL) throws {
        let inputs = try files(fixtures.appendingPathComponent("fit"), ".fit")
        guard let (name, data) = inputs.max(by: { $0.1.count < $1.1.count }),
              let (smallName, smallData) = inputs.first(where: { $0.0.contains("Activity.fit") }) else { return }
        _ = try? ActivityFiles.decode(name: smallName, data: smallData)
        let before = residentPeak()
        let activity = try ActivityFiles.decode(name: name, data: data)
        let after = residentPeak()
        emit(["measure": "memory", "file": name, "file_bytes": data.count, "samples": activity.samples.count,
              "peak_rss_growth_bytes": after - before, "ratio_to_file": Double(after - before) / Double(data.count)])
    }

    /// Stored samples against the same samples as JSON.
    static func storage(_ fixtures: URL) throws {
        var stored = 0, json = 0
        var activities: [DecodedActivity] = []
        for format in ["fit", "gpx", "tcx"] {
            for (name, data) in try files(fixtures.appendingPathComponent(format), "." + format) {
                if let activity = try? ActivityFiles.decode(name: name, data: data), activity.samples.count > 0 { activities.append(activity) }
            }
        }
        activities.append(SyntheticActivity.make(seed: 1, start: Date(), seconds: 3600))
        for activity in activities {
            stored += try SampleCodec.encode(activity.samples).count
            var rows: [[String: Double]] = []
            for index in 0..<activity.samples.count {
                var row: [String: Double] = [:]
                for channel in SampleSeries.Channel.allCases { if let value = activity.samples.value(channel, at: index) { row[channel.rawValue] = value } }
                rows.append(row)
            }
            json += try JSONSerialization.data(withJSONObject: rows).count
        }
        emit(["measure": "storage", "activities": activities.count, "stored_bytes": stored, "json_bytes": json,
              "json_to_stored": Double(json) / Double(max(1, stored))])
    }

    /// A Strava export of `activities` one-hour activities, imported end to end into SQLite.
    static func exportImport(activities: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("athletiq-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ContinuousClock()
        let buildStart = clock.now
        let export = try StravaExportBuilder.build(activities: activities)
        let exportPath = directory.appendingPathComponent("export.zip")
        try export.write(to: exportPath)
        let built = clock.now - buildStart
        let result = try await BenchImport.run(exportPath: exportPath.path, dataDirectory: directory.path)
        emit(["measure": "strava_export_import", "activities": activities, "export_megabytes": Double(export.count) / 1e6,
              "build_seconds": Double(built.components.seconds) + Double(built.components.attoseconds) / 1e18,
              "import_seconds": result.seconds, "imported": result.imported, "failed": result.failed])
    }
}

/// Builds a Strava account export: `activities.csv` and `activities/<id>.fit.gz`.
enum StravaExportBuilder {
    static func build(activities count: Int) throws -> Data {
        let writer = try ZipArchiveWriter()
        var csv = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Activity Gear,Filename,Elapsed Time,Moving Time,Distance\n"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d, yyyy, h:mm:ss a"
        let first = Date(timeIntervalSince1970: 1_600_000_000)
        for index in 0..<count {
            let start = first.addingTimeInterval(Double(index) * 86_400)
            let sport: Sport = index % 3 == 2 ? .ride : .run
            let activity = SyntheticActivity.make(seed: UInt64(index + 1), start: start, seconds: 3600, sport: sport)
            let id = 9_000_000_000 + index
            let gz = try Deflate.gzip(FITEncoder().encode(activity))
            try writer.add(path: "activities/\(id).fit.gz", data: gz, compress: false)
            let distance = activity.summary.distance ?? 0
            csv += "\(id),\"\(formatter.string(from: start))\",Session \(index),\(sport == .ride ? "Ride" : "Run"),,3599,\(String(format: "%.2f", distance / 1000)),,activities/\(id).fit.gz,3599,3599,\(distance)\n"
        }
        try writer.add(path: "activities.csv", data: Data(csv.utf8))
        return writer.data
    }
}

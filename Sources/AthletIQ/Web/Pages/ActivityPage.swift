import AthletIQCore
import Foundation

/// One activity: its figures, route, charts against distance, splits, laps, zones and best efforts.
enum ActivityDetailPage {
    struct Model {
        var id: UUID
        var name: String
        var sport: String
        var date: Date
        var distance: Double?
        var movingTime: Double?
        var elapsedTime: Double
        var ascent: Double?
        var averageHeartRate: Double?
        var averageSpeed: Double?
        var gradeAdjustedSpeed: Double?
        var load: Double?
        var records: [String]
        var samples: SampleSeries
        var analysis: ActivityAnalysis?
        var isRace = false
        var raceDistance: Double?
        var raceTime: Double?
        /// The device's laps (as the watch split them), its name and the calories it counted.
        var laps: [LapDTO] = []
        var device: String?
        var calories: Double?
        /// What the charts run along (`?x=`).
        var chartAxis: ActivityCharts.Axis = .distance
        var description: String?
        /// The athlete's own notes and perceived effort (1-10), and the gear used.
        var notes: String?
        var perceivedEffort: Int?
        var gear: String?
        var gearID: UUID?
        /// The gear the athlete can choose (in use, and the activity's own even if retired).
        var gearChoices: [(id: UUID, name: String)] = []
        /// Whether the uploaded file is kept (then it can be downloaded).
        var hasOriginal = false
        /// A confirmation to show (a localization key).
        var message: String?
    }

    /// The edit form (name, sport, gear, effort, description, private notes), folded away.
    static func editForm(_ model: Model, context: PageContext) -> String {
        let s = context.strings
        let sports = Sport.allCases.html { "<option value=\"\($0.rawValue)\"\($0.rawValue == model.sport ? " selected" : "")>\(HTML.escape(s.sport($0.rawValue)))</option>" }
        let efforts = "<option value=\"\">–</option>" + (1...10).html { value in
            "<option value=\"\(value)\"\(value == model.perceivedEffort ? " selected" : "")>\(HTML.escape(s["effort.\(value)"]))</option>"
        }
        let gear = "<option value=\"\">–</option>" + model.gearChoices.html { choice in
            "<option value=\"\(choice.id.uuidString)\"\(choice.id == model.gearID ? " selected" : "")>\(HTML.escape(choice.name))</option>"
        }
        return """
        <details class="card edit"><summary>\(HTML.escape(s["activity.edit"]))</summary>
        <form method="post" action="/activities/\(model.id.uuidString)/edit" class="planform">
        <input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))"><div class="fields">
        <label>\(HTML.escape(s["activities.name"]))<input type="text" name="name" value="\(HTML.escape(model.name))" maxlength="200" required></label>
        <label>\(HTML.escape(s["activities.sport"]))<select name="sport">\(sports)</select></label>
        <label>\(HTML.escape(s["activity.gear"]))<select name="gear_id">\(gear)</select></label>
        <label>\(HTML.escape(s["gear.newName"]))<input type="text" name="gear" value="" maxlength="100" placeholder="\(HTML.escape(s["gear.newHint"]))"></label>
        <label>\(HTML.escape(s["activity.effort"]))<select name="perceived_effort">\(efforts)</select></label>
        </div>
        <label>\(HTML.escape(s["activity.description"]))<textarea name="description" rows="3" maxlength="10000">\(HTML.escape(model.description ?? ""))</textarea></label>
        <label>\(HTML.escape(s["activity.notes"])) <span class="muted">\(HTML.escape(s["activity.notesHint"]))</span><textarea name="notes" rows="3" maxlength="10000">\(HTML.escape(model.notes ?? ""))</textarea></label>
        <button type="submit">\(HTML.escape(s["activity.saveEdit"]))</button></form></details>
        """
    }

    /// The device's laps: distance, time, pace or speed, climbing, heart rate (and power on rides).
    static func lapsTable(_ laps: [LapDTO], measures: ActivityFigures, context: PageContext) -> String {
        guard laps.count > 1 else { return "" }
        let s = context.strings, f = context.formats
        let power = laps.contains { $0.averagePower != nil }
        let rows = laps.enumerated().html { index, lap in
            let seconds = lap.movingTime ?? lap.elapsedTime
            let speed = lap.averageSpeed ?? lap.distance.flatMap { distance in seconds.flatMap { $0 > 0 ? distance / $0 : nil } }
            return "<tr><td>\(index + 1)</td><td>\(HTML.escape(f.kilometres(lap.distance)))</td><td>\(HTML.escape(f.duration(seconds)))</td>"
                + "<td>\(HTML.escape(measures.write(speed)))</td><td>\(HTML.escape(lap.ascent.map { f.number($0) } ?? "–"))</td>"
                + "<td>\(HTML.escape(lap.averageHeartRate.map { f.number($0) } ?? "–"))</td>"
                + (power ? "<td>\(HTML.escape(lap.averagePower.map { f.number($0) + " W" } ?? "–"))</td>" : "") + "</tr>"
        }
        return "<div class=\"card\"><h2>\(HTML.escape(s["activity.laps"]))</h2><div class=\"scroll\"><table><tr><th>\(HTML.escape(s["activity.lap"]))</th>"
            + "<th>\(HTML.escape(s["activity.distance"]))</th><th>\(HTML.escape(s["activity.time"]))</th><th>\(HTML.escape(measures.label(s)))</th>"
            + "<th>\(HTML.escape(s["activity.climb"]))</th><th>\(HTML.escape(s["activity.heartRate"]))</th>"
            + (power ? "<th>\(HTML.escape(s["activity.power"]))</th>" : "") + "</tr>\(rows)</table></div></div>"
    }

    /// Time in each zone, as a table with a bar per zone (the longest zone fills its bar) and the
    /// share of the time in zones.
    static func zoneCard(_ title: String, _ zones: [ActivityAnalysis.ZoneTime], context: PageContext,
                         range: (Zone) -> String) -> String {
        let total = zones.reduce(0) { $0 + $1.seconds }
        let longest = zones.map(\.seconds).max() ?? 0
        guard !zones.isEmpty, total > 0, longest > 0 else { return "" }
        let f = context.formats
        let rows = zones.html { zone in
            let share = zone.seconds / total * 100
            return "<tr><td>\(HTML.escape(zone.zone.name))</td><td>\(HTML.escape(range(zone.zone)))</td>"
                + "<td class=\"zonebar\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
                + String(format: "<rect width=\"%.1f\" height=\"10\"/></svg></td>", zone.seconds / longest * 100)
                + "<td>\(HTML.escape(f.duration(zone.seconds)))</td><td class=\"muted\">\(HTML.escape(f.number(share)))\u{00A0}%</td></tr>"
        }
        return "<div class=\"card\"><h2>\(HTML.escape(title))</h2><div class=\"scroll\"><table class=\"zones\">\(rows)</table></div></div>"
    }

    /// The race form (running): marked as a race, with its official distance and time.
    static func raceForm(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let distance = model.raceDistance.map { f.number($0 / 1000, digits: 3) } ?? ""
        // Always h:mm:ss: "5:30" alone would read as five and a half hours.
        let time = model.raceTime.map { value -> String in
            let total = Int(value.rounded())
            return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
        } ?? ""
        return """
        <section class="card"><h2>\(HTML.escape(s["activity.race"]))</h2><p class="muted">\(HTML.escape(s["activity.raceHint"]))</p>
        <form method="post" action="/activities/\(model.id.uuidString)/race" class="planform">
        <input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))"><div class="fields">
        <label class="check"><input type="checkbox" name="race" value="on"\(model.isRace ? " checked" : "")> \(HTML.escape(s["activity.isRace"]))</label>
        <label>\(HTML.escape(s["activity.raceDistance"]))<input type="text" inputmode="decimal" name="race_distance" value="\(HTML.escape(distance))" placeholder="42.195"></label>
        <label>\(HTML.escape(s["activity.raceTime"]))<input type="text" name="race_time" value="\(HTML.escape(time))" placeholder="3:29:58"></label>
        </div><button type="submit">\(HTML.escape(s["activity.saveRace"]))</button></form></section>
        """
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let s = context.strings, f = context.formats
        let sport = Sport(rawValue: model.sport) ?? .other
        let measures = ActivityFigures(sport: sport, formats: f)
        // Over moving time, like the time beside it (the file's own average is often over elapsed time).
        let movingSpeed = model.analysis?.averageSpeed
            ?? model.distance.flatMap { distance in model.movingTime.flatMap { $0 > 0 ? distance / $0 : nil } } ?? model.averageSpeed
        var list: [(String, String)] = [
            (s["dashboard.distance"], f.kilometres(model.distance)), (s["dashboard.time"], f.duration(model.movingTime)),
            (measures.label(s), measures.write(movingSpeed)),
        ]
        if measures.measure == .pace { list.append((s["activity.gap"], f.pace(model.gradeAdjustedSpeed))) }
        list.append((s["dashboard.elevation"], model.ascent.map { f.number($0) + " m" } ?? "–"))
        list.append((s["activity.heartRate"], model.averageHeartRate.map { f.number($0) + " bpm" } ?? "–"))
        if let average = ActivityFigures.averagePower(model.samples) {
            list.append((s["activity.averagePower"], f.number(average) + " W"))
            if let normalized = model.analysis?.normalizedPower {
                list.append((s["activity.normalizedPower"], f.number(normalized) + " W"))
                if average > 0 { list.append((s["activity.variability"], f.number(normalized / average, digits: 2))) }
            }
            if let intensity = model.analysis?.intensityFactor { list.append((s["activity.intensity"], f.number(intensity, digits: 2))) }
            if let stress = model.analysis?.powerStress { list.append((s["activity.stress"], f.number(stress))) }
        }
        list.append((s["activity.load"], model.load.map { f.number($0) } ?? "–"))
        if let effort = model.perceivedEffort { list.append((s["activity.effort"], "\(effort)/10")) }
        if let calories = model.calories, calories > 0 { list.append((s["activity.calories"], f.number(calories) + " kcal")) }
        let figures = list.html { "<div class=\"figure\"><span class=\"muted\">\(HTML.escape($0.0))</span><strong>\(HTML.escape($0.1))</strong></div>" }
        let records = model.records.isEmpty ? "" : "<p>" + model.records.map { "<span class=\"badge record\">PR · \(HTML.escape(s.bestEffort($0)))</span>" }.joined(separator: " ") + "</p>"
        let samples = model.samples.downsampled(to: 400)
        let map = samples[.latitude].flatMap { lats in samples[.longitude].flatMap { lons in
            RouteMap.svg(latitudes: lats, longitudes: lons, title: s["activity.route"]).map { svg in
                "<div class=\"card\"><h2>\(HTML.escape(s["activity.route"]))</h2>"
                    + RouteMap.tiled(svg, latitudes: lats, longitudes: lons, tiles: context.mapTiles, attribution: s["activity.mapAttribution"],
                                   zoomIn: s["activity.zoomIn"], zoomOut: s["activity.zoomOut"]) + "</div>"
            }
        } } ?? ""
        let (controls, charts) = ActivityCharts.render(samples, measures: measures, axis: model.chartAxis,
                                           path: "/activities/\(model.id.uuidString)", context: context)
        var tables = ActivityIntervals.card(model.samples, sport: sport, measures: measures, context: context)
            + lapsTable(model.laps, measures: measures, context: context)
        if let analysis = model.analysis {
            if !analysis.splitsKilometre.isEmpty {
                let (length, rows) = measures.splits(analysis.splitsKilometre)
                let gap = measures.measure == .pace
                tables += "<div class=\"card\"><h2>\(HTML.escape(s["activity.splits"]))</h2><div class=\"scroll\"><table><tr><th>km</th><th>\(HTML.escape(measures.label(s)))</th>"
                    + (gap ? "<th>\(HTML.escape(s["activity.gap"]))</th>" : "") + "<th>D+</th><th>\(HTML.escape(s["activity.heartRate"]))</th></tr>"
                tables += rows.html { split in
                    let upTo = length == 1 ? "\(split.index)" : f.number(min(Double(split.index) * length, (model.distance ?? 0) / 1000), digits: 0)
                    return "<tr><td>\(upTo)</td><td>\(HTML.escape(measures.write(split.speed)))</td>"
                        + (gap ? "<td>\(HTML.escape(f.pace(split.gradeAdjustedSpeed)))</td>" : "")
                        + "<td>\(HTML.escape(f.number(split.elevationGain)))</td><td>\(HTML.escape(split.averageHeartRate.map { f.number($0) } ?? "–"))</td></tr>"
                } + "</table></div></div>"
            }
            if !analysis.bestEfforts.isEmpty {
                tables += "<div class=\"card\"><h2>\(HTML.escape(s["activity.bestEfforts"]))</h2><table>"
                tables += analysis.bestEfforts.html { effort in
                    "<tr><td>\(HTML.escape(s.bestEffort(effort.name)))</td><td>\(HTML.escape(effort.name.hasPrefix("power") ? f.number(effort.value) + " W" : f.duration(effort.value)))</td></tr>"
                } + "</table></div>"
            }
            tables += zoneCard(s["activity.zones"], analysis.heartRateZones, context: context) { zone in
                let f = context.formats
                return zone.upper >= 230 ? "≥ " + f.number(zone.lower) : f.number(zone.lower) + "–" + f.number(zone.upper)
            }
            if sport.family == .cycling {
                tables += zoneCard(s["activity.powerZones"], analysis.powerZones, context: context) { zone in
                    let f = context.formats
                    return zone.upper >= 10_000 ? "≥ " + f.number(zone.lower) + " W" : f.number(zone.lower) + "–" + f.number(zone.upper) + " W"
                }
            }
        }
        let body = """
        <p><a href="/activities">← \(HTML.escape(s["nav.activities"]))</a></p>
        \(model.message.map { "<p class=\"flash\" role=\"status\">\(HTML.escape(s[$0]))</p>" } ?? "")
        <h1>\(HTML.escape(model.name))</h1><p class="muted"><span class="badge">\(HTML.escape(s.sport(model.sport)))</span> \(HTML.escape(f.date(model.date)))\(model.device.map { " · " + HTML.escape(s["activity.device"]) + " " + HTML.escape($0) } ?? "")\(model.gear.map { " · " + HTML.escape(s["activity.gear"]) + " " + HTML.escape($0) } ?? "")\(model.hasOriginal ? " · <a href=\"/api/v1/activities/\(model.id.uuidString)/file\" download>\(HTML.escape(s["activity.download"]))</a>" : "")</p>
        \(model.description.map { "<p class=\"description\">\(HTML.escape($0))</p>" } ?? "")\(model.notes.map { "<p class=\"notes\"><strong>\(HTML.escape(s["activity.notes"]))</strong> \(HTML.escape($0))</p>" } ?? "")
        \(records)<section class="figures">\(figures)</section>
        <section class="grid2">\(controls)\(map)\(charts)</section><section class="grid2">\(tables)</section>
        \(editForm(model, context: context))\(sport.family == .running ? raceForm(model, context: context) : "")
        <form method="post" action="/activities/\(model.id.uuidString)/delete" data-confirm="\(HTML.escape(s["activity.confirmDelete"]))">
        <input type="hidden" name="_csrf" value="\(HTML.escape(context.csrfToken ?? ""))"><button type="submit" class="button secondary">\(HTML.escape(s["activity.delete"]))</button></form>
        """
        return Layout.page(title: model.name, context: context, body: body)
    }
}

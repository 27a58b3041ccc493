import Foundation

/// Decodes GPX 1.0 and 1.1: tracks and their segments, routes, waypoints, elevation, time, and
/// the Garmin TrackPointExtension (heart rate, cadence, temperature, power), with or without
/// namespaces.
public struct GPXDecoder {
    public var options: DecodeOptions

    public init(options: DecodeOptions = .strict) {
        self.options = options
    }

    public func decode(_ data: Data) throws -> DecodedActivity {
        try XMLActivityDecoding.decode(data, as: GPXState.self, options: options, notRecognized: "not a GPX document (no <gpx> element)")
    }
}

private struct GPXState: XMLActivityState {
    let maxSamples: Int
    var sawRoot = false
    var activity = DecodedActivity(format: .gpx)
    var tracks = 0, segments = 0, trackPoints = 0, routes = 0, routePoints = 0, waypoints = 0
    var trackBuilder = SampleSeriesBuilder()
    var routeBuilder = SampleSeriesBuilder()
    /// Totals summed within segments, never across the gap between two.
    var distance = 0.0, ascent = 0.0, descent = 0.0
    var segmentAltitudes: [Double] = []
    var lastPosition: (Double, Double)?
    /// Open elements: where their names are in the document, and what GPX makes of each.
    var stack: [(name: Range<Int>, kind: Element)] = []

    enum Element {
        case gpx, metadata, trk, trkseg, trkpt, rte, rtept, wpt, ele, time, name, type, desc
        case heartRate, cadence, temperature, power, speed, other

        /// Classifies the scanner's current tag by its bytes: length first, then exact names.
        init(_ scanner: borrowing XMLScanner) {
            switch scanner.nameRange.count {
            case 2: self = scanner.nameIs("hr") ? .heartRate : .other
            case 3:
                if scanner.nameIs("ele") { self = .ele } else if scanner.nameIs("trk") { self = .trk }
                else if scanner.nameIs("gpx") { self = .gpx } else if scanner.nameIs("cad") { self = .cadence }
                else if scanner.nameIs("rte") { self = .rte } else if scanner.nameIs("wpt") { self = .wpt } else { self = .other }
            case 4:
                if scanner.nameIs("time") { self = .time } else if scanner.nameIs("name") { self = .name }
                else if scanner.nameIs("type") { self = .type } else if scanner.nameIs("desc") { self = .desc }
                else if scanner.nameIs("temp") { self = .temperature } else { self = .other }
            case 5:
                if scanner.nameIs("trkpt") { self = .trkpt } else if scanner.nameIs("rtept") { self = .rtept }
                else if scanner.nameIs("atemp") || scanner.nameIs("wtemp") { self = .temperature }
                else if scanner.nameIs("power") || scanner.nameIs("watts") { self = .power }
                else if scanner.nameIs("speed") { self = .speed } else { self = .other }
            case 6: self = scanner.nameIs("trkseg") ? .trkseg : .other
            case 7: self = scanner.nameIs("cadence") ? .cadence : .other
            case 8: self = scanner.nameIs("metadata") ? .metadata : .other
            case 9: self = scanner.nameIs("heartrate") ? .heartRate : .other
            case 12: self = scanner.nameIs("PowerInWatts") ? .power : .other
            default: self = .other
            }
        }
    }

    var point: SampleRow?
    var trackName: String?, trackType: String?, metadataName: String?, description: String?

    init(maxSamples: Int) {
        self.maxSamples = maxSamples
    }

    mutating func read(_ scanner: inout XMLScanner) throws {
        while let event = try scanner.next() {
            switch event {
            case .start(let selfClosing):
                let kind = Element(scanner)
                try start(kind, scanner: scanner)
                if selfClosing { try end(kind) } else { stack.append((scanner.nameRange, kind)) }
            case .end:
                guard let open = stack.last, scanner.sameName(open.name, scanner.nameRange) else {
                    throw FileDecodeError(.corrupt, "malformed XML: </\(scanner.name)> does not close the open element", offset: scanner.position)
                }
                try end(stack.removeLast().kind)
            case .text:
                text(scanner)
            }
        }
        if !stack.isEmpty { throw FileDecodeError(.truncated, "the document ends before its elements are closed", offset: scanner.position) }
    }

    mutating func start(_ kind: Element, scanner: borrowing XMLScanner) throws {
        switch kind {
        case .gpx:
            sawRoot = true
            if let version = scanner.attribute("version") { activity.details["version"] = version }
            if let creator = scanner.attribute("creator") { activity.device = DeviceInfo(product: creator) }
        case .trk: tracks += 1
        case .trkseg:
            segments += 1
            closeSegment()
        case .rte: routes += 1
        case .trkpt, .rtept, .wpt:
            guard let lat = scanner.attributeNumber("lat"), let lon = scanner.attributeNumber("lon"),
                  abs(lat) <= 90, abs(lon) <= 180 else {
                throw FileDecodeError(.corrupt, "a point has no valid lat/lon", offset: scanner.position)
            }
            var row = SampleRow()
            row.latitude = lat
            row.longitude = lon
            point = row
        default: break
        }
    }

    mutating func text(_ scanner: borrowing XMLScanner) {
        guard let element = stack.last?.kind else { return }
        if point != nil {
            switch element {
            case .ele: point?.altitude = scanner.number() ?? .nan
            case .time: point?.time = scanner.date() ?? .nan
            case .heartRate: point?.heartRate = scanner.number() ?? .nan
            case .cadence: point?.cadence = scanner.number() ?? .nan
            case .temperature: if point?.temperature.isNaN == true { point?.temperature = scanner.number() ?? .nan }
            case .power: point?.power = scanner.number() ?? .nan
            case .speed: point?.speed = scanner.number() ?? .nan
            default: break
            }
            return
        }
        let container = stack.count >= 2 ? stack[stack.count - 2].kind : .other
        switch (container, element) {
        case (.trk, .name): if trackName == nil { trackName = scanner.text() }
        case (.trk, .type): if trackType == nil { trackType = scanner.text() }
        case (.trk, .desc): if description == nil { description = scanner.text() }
        case (.metadata, .name), (.gpx, .name): if metadataName == nil { metadataName = scanner.text() }
        default: break
        }
    }

    mutating func end(_ kind: Element) throws {
        switch kind {
        case .trkpt:
            guard let row = point else { return }
            point = nil
            guard trackBuilder.count < maxSamples else { throw FileDecodeError(.tooLarge, "more than \(maxSamples) points") }
            trackPoints += 1
            var withDistance = row
            if let (lat, lon) = lastPosition { distance += Geo.stepDistance(lat, lon, row.latitude, row.longitude) }
            lastPosition = (row.latitude, row.longitude)
            withDistance.distance = distance
            if !row.altitude.isNaN { segmentAltitudes.append(row.altitude) }
            trackBuilder.append(withDistance)
        case .rtept:
            guard let row = point else { return }
            point = nil
            guard routeBuilder.count < maxSamples else { throw FileDecodeError(.tooLarge, "more than \(maxSamples) points") }
            routePoints += 1
            routeBuilder.append(row)
        case .wpt:
            point = nil
            waypoints += 1
        case .trkseg, .trk:
            closeSegment()
        default: break
        }
    }

    /// Ends a segment: its climb counts, and the next point starts a new line (no jump distance).
    mutating func closeSegment() {
        let (gain, loss) = ElevationGain.gainAndLoss(segmentAltitudes)
        ascent += gain
        descent += loss
        segmentAltitudes.removeAll(keepingCapacity: true)
        lastPosition = nil
    }

    mutating func finish() -> DecodedActivity {
        closeSegment()
        var result = activity
        let usesRoute = trackBuilder.count == 0 && routeBuilder.count > 0
        result.samples = usesRoute ? routeBuilder.build() : trackBuilder.build()
        if usesRoute, let lats = result.samples[.latitude], let lons = result.samples[.longitude] {
            // A route (a planned course) has no distance of its own: measure it.
            var columns = result.samples.columns
            columns[.distance] = Geo.cumulativeDistance(latitudes: lats, longitudes: lons)
            result.samples = SampleSeries(count: result.samples.count, columns: columns)
            let (gain, loss) = ElevationGain.gainAndLoss(result.samples[.altitude] ?? [])
            ascent = gain
            descent = loss
        }
        result.name = trackName ?? metadataName
        result.description = description
        result.sportName = trackType
        result.sport = trackType.map(Sport.named) ?? .other
        result.startTime = result.samples[.time]?.first { !$0.isNaN }.map { Date(timeIntervalSince1970: $0) }
        var totals = ActivitySummary()
        totals.distance = result.samples[.distance]?.last { !$0.isNaN }
        if result.samples.has(.altitude) {
            totals.ascent = ascent
            totals.descent = descent
        }
        result.totals = totals
        result.details["tracks"] = String(tracks)
        result.details["segments"] = String(segments)
        result.details["track_points"] = String(trackPoints)
        result.details["routes"] = String(routes)
        result.details["route_points"] = String(routePoints)
        result.details["waypoints"] = String(waypoints)
        return result
    }
}

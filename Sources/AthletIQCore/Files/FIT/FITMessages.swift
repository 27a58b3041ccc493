import Foundation

/// The messages an activity needs: record, lap, session, file_id, device_info, sport; every other
/// message only updates the running timestamp.
extension FITDecodeState {
    mutating func noteTimestamp(_ definition: FITDefinition, at start: Int) {
        var position = start
        for field in definition.fields {
            if field.number == 253, let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: definition.littleEndian) {
                lastTimestamp = SafeNumber.uint32(value)
            }
            position += field.size
        }
    }

    func date(_ timestamp: UInt32) -> Double? {
        timestamp >= FITDecoder.minimumAbsoluteTimestamp ? Double(timestamp) + FITDecoder.epochOffset : nil
    }

    mutating func decodeRecord(_ definition: FITDefinition, at start: Int, headerTimestamp: UInt32?, offset: Int) throws {
        guard builder.count < maxSamples else {
            throw FileDecodeError(.tooLarge, "more than \(maxSamples) samples", offset: offset)
        }
        var row = SampleRow()
        var enhancedSpeed = Double.nan, enhancedAltitude = Double.nan, fractionalCadence = 0.0
        var timestamp = headerTimestamp
        var position = start
        let little = definition.littleEndian
        for field in definition.fields {
            defer { position += field.size }
            if field.number == 8 && field.size == 3 {
                // compressed_speed_distance: 12 bits of speed (1/100 m/s), 12 bits of distance (1/16 m, rolling over).
                let b0 = UInt32(bytes[position]), b1 = UInt32(bytes[position + 1]), b2 = UInt32(bytes[position + 2])
                let speed = b0 | (b1 & 0x0F) << 8
                let distance = (b1 >> 4) | (b2 << 4)
                if speed != 0xFFF { row.speed = Double(speed) / 100 }
                if distance != 0xFFF { row.distance = accumulatedDistance.add(UInt64(distance)) / 16 }
                continue
            }
            guard let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: little) else { continue }
            switch field.number {
            case 253: timestamp = SafeNumber.uint32(value)
            case 0: row.latitude = value * (180.0 / 2_147_483_648.0)
            case 1: row.longitude = value * (180.0 / 2_147_483_648.0)
            case 2: row.altitude = value / 5 - 500
            case 3: row.heartRate = value
            case 4: row.cadence = value
            case 5: row.distance = value / 100
            case 6: row.speed = value / 1000
            case 7: row.power = value
            case 13: row.temperature = value
            case 53: fractionalCadence = value / 128
            case 73: enhancedSpeed = value / 1000
            case 78: enhancedAltitude = value / 5 - 500
            default: break
            }
        }
        if !enhancedSpeed.isNaN { row.speed = enhancedSpeed }
        if !enhancedAltitude.isNaN { row.altitude = enhancedAltitude }
        if !row.cadence.isNaN { row.cadence += fractionalCadence }
        if abs(row.latitude) > 90 || abs(row.longitude) > 180 { row.latitude = .nan; row.longitude = .nan }
        if let timestamp {
            lastTimestamp = timestamp
            if let seconds = date(timestamp) { row.time = seconds } else { relativeTimestamps = true }
        }
        builder.append(row)
    }

    mutating func decodeSummary(_ definition: FITDefinition, at start: Int, isSession: Bool) {
        var summary = ActivitySummary()
        var sport: Int?, subSport: Int?
        var enhancedAverage: Double?, enhancedMax: Double?
        var position = start
        let little = definition.littleEndian
        // Field numbers differ between lap (19) and session (18) from field 13 on.
        let averageSpeed = isSession ? 14 : 13, maxSpeed = isSession ? 15 : 14
        let averageHR = isSession ? 16 : 15, maxHR = isSession ? 17 : 16
        let averageCadence = isSession ? 18 : 17, maxCadence = isSession ? 19 : 18
        let averagePower = isSession ? 20 : 19, maxPower = isSession ? 21 : 20
        let ascent = isSession ? 22 : 21, descent = isSession ? 23 : 22
        let enhancedAverageField = isSession ? 124 : 110, enhancedMaxField = isSession ? 125 : 111
        for field in definition.fields {
            defer { position += field.size }
            guard let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: little) else { continue }
            let number = Int(field.number)
            switch number {
            case 253:
                lastTimestamp = SafeNumber.uint32(value)
                summary.endTime = date(SafeNumber.uint32(value)).map { Date(timeIntervalSince1970: $0) }
            case 2: summary.startTime = date(SafeNumber.uint32(value)).map { Date(timeIntervalSince1970: $0) }
            case 7: summary.elapsedTime = value / 1000
            case 8: summary.timerTime = value / 1000
            case 9: summary.distance = value / 100
            case 11: summary.calories = value
            case averageSpeed: summary.averageSpeed = value / 1000
            case maxSpeed: summary.maxSpeed = value / 1000
            case averageHR: summary.averageHeartRate = value
            case maxHR: summary.maxHeartRate = value
            case averageCadence: summary.averageCadence = value
            case maxCadence: summary.maxCadence = value
            case averagePower: summary.averagePower = value
            case maxPower: summary.maxPower = value
            case ascent: summary.ascent = value
            case descent: summary.descent = value
            case enhancedAverageField: enhancedAverage = value / 1000
            case enhancedMaxField: enhancedMax = value / 1000
            case 5 where isSession: sport = SafeNumber.int(value)
            case 6 where isSession: subSport = SafeNumber.int(value)
            case 25 where !isSession: sport = SafeNumber.int(value)
            case 39 where !isSession: subSport = SafeNumber.int(value)
            default: break
            }
        }
        if let enhancedAverage { summary.averageSpeed = enhancedAverage }
        if let enhancedMax { summary.maxSpeed = enhancedMax }
        if sport != nil || subSport != nil { summary.sport = FITProfile.sport(sport, subSport: subSport) }
        if let sport { summary.sportName = FITProfile.sports[sport] }
        if isSession {
            if sessionSport == nil, let sport { sessionSport = sport; sessionSubSport = subSport }
            activity.sessions.append(summary)
        } else {
            activity.laps.append(summary)
        }
    }

    mutating func decodeFileID(_ definition: FITDefinition, at start: Int) {
        var position = start
        var device = activity.device ?? DeviceInfo()
        for field in definition.fields {
            defer { position += field.size }
            if field.number == 8 {
                if let name = reader.string(at: position, size: field.size) { device.product = name }
                continue
            }
            guard let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: definition.littleEndian) else { continue }
            switch field.number {
            case 0:
                if activity.details["file_type"] == nil {
                    activity.details["file_type"] = FITProfile.fileTypes[SafeNumber.int(value)] ?? "type_\(SafeNumber.int(value))"
                }
            case 1: device.manufacturer = FITProfile.manufacturers[SafeNumber.int(value)] ?? "manufacturer_\(SafeNumber.int(value))"
            case 2: if device.product == nil { device.product = String(SafeNumber.int(value)) }
            case 3: device.serialNumber = String(SafeNumber.int(value))
            case 4:
                let created = SafeNumber.uint32(value)
                if activity.details["time_created"] == nil, let seconds = date(created) {
                    activity.details["time_created"] = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
                }
            default: break
            }
        }
        if activity.device == nil { activity.device = device }
    }

    mutating func decodeDeviceInfo(_ definition: FITDefinition, at start: Int) {
        var position = start
        var index: Double?, software: Double?
        for field in definition.fields {
            defer { position += field.size }
            guard let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: definition.littleEndian) else { continue }
            switch field.number {
            case 0: index = value
            case 5: software = value / 100
            case 253: lastTimestamp = SafeNumber.uint32(value)
            default: break
            }
        }
        // device_index 0 is the creator: its firmware version describes the recording device.
        if index == 0, let software, activity.device?.softwareVersion == nil {
            let hundredths = SafeNumber.int((software * 100).rounded())
            activity.device?.softwareVersion = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
    }

    mutating func decodeSport(_ definition: FITDefinition, at start: Int) {
        var position = start
        for field in definition.fields {
            defer { position += field.size }
            if field.number == 3, let name = reader.string(at: position, size: field.size), activity.name == nil {
                activity.details["sport_profile"] = name
            }
            guard let value = reader.number(at: position, size: field.size, type: field.baseType, littleEndian: definition.littleEndian) else { continue }
            if field.number == 0, sessionSport == nil { sessionSport = SafeNumber.int(value) }
            if field.number == 1, sessionSubSport == nil { sessionSubSport = SafeNumber.int(value) }
        }
    }

}

import AthletIQCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The application's Strava quota, shared by every process of the instance through the
/// database. Each request reserves a unit in the 15-minute and daily windows (read and overall)
/// before it leaves, with a conditional update that cannot overshoot; Strava's headers correct
/// the counters afterwards; a 429 stops every call until the window resets. Background work
/// leaves a share of each window to interactive actions, and the backfill of old activities is
/// paced over the day, so the daily budget is not spent by 10 a.m. and athletes who connect in
/// the evening still get their history started. It never fails open: when the database cannot
/// be asked, no request is made.
struct StravaQuota {
    static let table = "strava_quota"
    static let blockedKey = "blocked_until"

    /// Who is asking, most urgent first.
    enum Use: Sendable {
        /// A user waiting for the answer: may use the whole window.
        case interactive
        /// Work that keeps the app current (history summaries, new activities from webhooks):
        /// everything but the interactive reserve.
        case background
        /// Details and streams of the history: the background budget, paced over the day.
        case backfill
    }

    /// No request may be made now; the next one may go at `resetAt`.
    struct Exhausted: Error, CustomStringConvertible {
        var resetAt: Date
        var window: String
        var description: String { "Strava quota spent (\(window)) until \(resetAt)" }
    }

    let database: any Database
    let settings: StravaSettings
    let clock: any AppClock
    /// Strava's clock minus ours (learned from its `Date` header): windows are Strava's quarter
    /// hours, so they are counted on its clock, and the times given out are converted to ours.
    var offset: Double = 0

    /// Now on Strava's clock.
    private var stravaNow: Date { clock.now().addingTimeInterval(offset) }
    /// A time on Strava's clock, on ours.
    private func local(_ date: Date) -> Date { date.addingTimeInterval(-offset) }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw Exhausted(resetAt: clock.now().addingTimeInterval(60), window: "database") }
            return sql
        }
    }

    /// The four counters a request at `date` counts in.
    struct Window: Sendable {
        var key: String
        var name: String
        var defaultLimit: Int
        var resetAt: Date
        var read: Bool
        var daily: Bool
    }

    func windows(at date: Date, read: Bool) -> [Window] {
        let short = StravaRateWindows.shortStart(date), day = StravaRateWindows.dayStart(date)
        let shortReset = StravaRateWindows.nextShortReset(after: date), dayReset = StravaRateWindows.nextDayReset(after: date)
        var result = [
            Window(key: "all:15m:\(short)", name: "overall 15-minute", defaultLimit: settings.overallLimit.short, resetAt: shortReset, read: false, daily: false),
            Window(key: "all:day:\(day)", name: "overall daily", defaultLimit: settings.overallLimit.daily, resetAt: dayReset, read: false, daily: true),
        ]
        if read {
            result += [
                Window(key: "read:15m:\(short)", name: "read 15-minute", defaultLimit: settings.readLimit.short, resetAt: shortReset, read: true, daily: false),
                Window(key: "read:day:\(day)", name: "read daily", defaultLimit: settings.readLimit.daily, resetAt: dayReset, read: true, daily: true),
            ]
        }
        return result
    }

    /// How many units of a window of `limit` background work must leave alone.
    func reserved(of limit: Int) -> Int {
        Int((Double(limit) * settings.interactiveReserve).rounded(.up))
    }

    /// The share of every 15-minute window the backfill leaves to current work (new athletes'
    /// summaries and first activities, webhooks), so they never wait for a deep history.
    static let currentWorkShare = 0.3

    /// The most units `use` may have consumed in a window of `limit` at `date`. The backfill
    /// leaves `currentWorkShare` of each 15-minute window alone, and in a daily window it is paced:
    /// it may have used the day's share so far (unused budget carries forward) plus a burst (one
    /// 15-minute window's worth) that shrinks through the day, so some budget is always left for
    /// athletes who connect in the evening.
    func ceiling(limit: Int, daily: Bool, burst: Int, use: Use, at date: Date) -> Int {
        let background = limit - reserved(of: limit)
        switch use {
        case .interactive: return limit
        case .background: return background
        case .backfill:
            guard daily else { return background - Int((Double(limit) * Self.currentWorkShare).rounded(.up)) }
            let windowsPerDay = Double(StravaRateWindows.daySeconds / StravaRateWindows.shortSeconds)
            let index = Double((StravaRateWindows.epoch(date) - StravaRateWindows.dayStart(date)) / StravaRateWindows.shortSeconds)
            let elapsed = (index + 1) / windowsPerDay
            let paced = Double(background) * elapsed + Double(burst) * (1 - elapsed)
            return min(background, Int(paced))
        }
    }

    /// When the backfill's paced ceiling of a daily window first exceeds `used` (nil: never today).
    func backfillOpens(used: Int, limit: Int, burst: Int, at date: Date) -> Date? {
        var probe = StravaRateWindows.nextShortReset(after: date)
        let end = StravaRateWindows.nextDayReset(after: date)
        while probe < end {
            if used < ceiling(limit: limit, daily: true, burst: burst, use: .backfill, at: probe) { return probe }
            probe = probe.addingTimeInterval(Double(StravaRateWindows.shortSeconds))
        }
        return nil
    }

    /// One 15-minute window of backfill: the burst a paced daily window allows.
    private func burst(for window: Window, limits: [String: Int], windows: [Window]) -> Int {
        guard let short = windows.first(where: { $0.read == window.read && !$0.daily }) else { return 0 }
        let limit = limits[short.key] ?? short.defaultLimit
        return ceiling(limit: limit, daily: false, burst: 0, use: .backfill, at: stravaNow)
    }

    /// Takes `units` (one per request about to be made; a job pays for all its requests at once,
    /// so it never stops half-way at a window's edge), or throws `Exhausted`.
    func reserve(read: Bool = true, units: Int = 1, use: Use) async throws {
        let now = stravaNow
        let windows = windows(at: now, read: read)
        do {
            try await take(units: units, use: use, windows: windows, now: now)
        } catch var exhausted as Exhausted {
            exhausted.resetAt = local(exhausted.resetAt)
            throw exhausted
        }
    }

    private func take(units: Int, use: Use, windows: [Window], now: Date) async throws {
        try await database.writeTransaction { database in
            guard let sql = database as? any SQLDatabase else { throw Exhausted(resetAt: now.addingTimeInterval(60), window: "database") }
            if let blocked = try await Self.blockedUntil(sql), blocked > now {
                throw Exhausted(resetAt: blocked, window: "blocked after a 429")
            }
            let limits = try await Self.ensure(windows, sql: sql, now: now)
            for window in windows {
                let limit = limits[window.key] ?? window.defaultLimit
                let ceiling = ceiling(limit: limit, daily: window.daily, burst: burst(for: window, limits: limits, windows: windows),
                                      use: use, at: now)
                struct Row: Decodable { var used: Int64 }
                let updated = try await sql.raw("""
                    UPDATE \(unsafeRaw: Self.table) SET used = used + \(bind: Int64(units)), updated_at = \(bind: now.timeIntervalSince1970)
                    WHERE key = \(bind: window.key) AND used + \(bind: Int64(units)) <= \(bind: Int64(ceiling)) RETURNING used
                    """).all(decoding: Row.self)
                if updated.isEmpty {
                    // A paced backfill may go again when the pace allows, not only at midnight.
                    let burst = burst(for: window, limits: limits, windows: windows)
                    if use == .backfill, window.daily, let used = try await Self.used(window.key, sql: sql),
                       used + units <= limit - reserved(of: limit),
                       let opens = backfillOpens(used: used + units - 1, limit: limit, burst: burst, at: now) {
                        throw Exhausted(resetAt: opens, window: "paced " + window.name)
                    }
                    throw Exhausted(resetAt: window.resetAt, window: window.name)
                }
            }
        }
    }

    /// Creates missing counters and returns every counter's limit.
    private static func ensure(_ windows: [Window], sql: any SQLDatabase, now: Date) async throws -> [String: Int] {
        for window in windows {
            try await sql.insert(into: table).columns("key", "used", "limit_value", "updated_at")
                .values(SQLBind(window.key), SQLBind(Int64(0)), SQLBind(Int64(window.defaultLimit)), SQLBind(now.timeIntervalSince1970))
                .ignoringConflicts(with: "key").run()
        }
        struct Row: Decodable { var key: String; var limit_value: Int64 }
        let rows = try await sql.select().column("key").column("limit_value").from(table)
            .where("key", .in, windows.map(\.key)).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.key, Int($0.limit_value)) }, uniquingKeysWith: { a, _ in a })
    }

    private static func used(_ key: String, sql: any SQLDatabase) async throws -> Int? {
        struct Row: Decodable { var used: Int64 }
        return try await sql.select().column("used").from(table).where("key", .equal, key).first(decoding: Row.self).map { Int($0.used) }
    }

    private static func blockedUntil(_ sql: any SQLDatabase) async throws -> Date? {
        struct Row: Decodable { var used: Int64 }
        guard let row = try await sql.select().column("used").from(table).where("key", .equal, blockedKey).first(decoding: Row.self),
              row.used > 0 else { return nil }
        return Date(timeIntervalSince1970: Double(row.used))
    }

    /// Brings the counters in line with what Strava says it counted (its numbers win when
    /// higher; a lower number is kept at ours, since requests still in flight are not in it yet)
    /// and adopts Strava's limits. Only when the request started in the window it ended in.
    func reconcile(read: StravaLimitPair?, readLimit: StravaLimitPair?, overall: StravaLimitPair?, overallLimit: StravaLimitPair?,
                   requestStartedAt: Date) async {
        let now = stravaNow
        let started = requestStartedAt.addingTimeInterval(offset)
        guard StravaRateWindows.shortStart(started) == StravaRateWindows.shortStart(now) else { return }
        do {
            let sql = try self.sql
            let windows = windows(at: now, read: true)
            _ = try await Self.ensure(windows, sql: sql, now: now)
            for window in windows {
                let usage = window.read ? read : overall
                let limit = window.read ? readLimit : overallLimit
                let used = usage.map { Int64(window.daily ? $0.daily : $0.short) }
                let cap = limit.map { Int64(window.daily ? $0.daily : $0.short) }
                if let used {
                    try await sql.raw("""
                        UPDATE \(unsafeRaw: Self.table) SET used = \(bind: used), updated_at = \(bind: now.timeIntervalSince1970)
                        WHERE key = \(bind: window.key) AND used < \(bind: used)
                        """).run()
                }
                if let cap, cap > 0 {
                    try await sql.update(Self.table).set("limit_value", to: SQLBind(cap)).where("key", .equal, window.key).run()
                }
            }
        } catch {
            // The reservation was already counted; a missed correction only errs on the safe side.
        }
    }

    /// After a 429: nothing goes out until the window that refused us resets (the next day when
    /// the daily limit is the reason).
    func block(dailySpent: Bool) async throws {
        let now = stravaNow
        let until = dailySpent ? StravaRateWindows.nextDayReset(after: now) : StravaRateWindows.nextShortReset(after: now)
        let sql = try self.sql
        try await sql.delete(from: Self.table).where("key", .equal, Self.blockedKey).run()
        try await sql.insert(into: Self.table).columns("key", "used", "limit_value", "updated_at")
            .values(SQLBind(Self.blockedKey), SQLBind(Int64(until.timeIntervalSince1970.rounded(.up))), SQLBind(Int64(0)),
                    SQLBind(now.timeIntervalSince1970)).run()
    }

    /// Nil when `use` may make `units` requests now; otherwise when it may again.
    func nextAvailable(for use: Use, units: Int = 1) async throws -> Date? {
        try await nextAvailableOnStravaClock(for: use, units: units).map(local)
    }

    private func nextAvailableOnStravaClock(for use: Use, units: Int) async throws -> Date? {
        let snapshot = try await snapshotOnStravaClock()
        let now = stravaNow
        if let blocked = snapshot.blockedUntil, blocked > now { return blocked }
        var resets: [Date] = []
        for window in snapshot.windows {
            let burst = snapshot.windows.first { $0.kind == window.kind && $0.period == "15min" }
                .map { ceiling(limit: $0.limit, daily: false, burst: 0, use: .backfill, at: now) } ?? 0
            let daily = window.period == "daily"
            let needed = window.used + units
            guard needed > ceiling(limit: window.limit, daily: daily, burst: burst, use: use, at: now) else { continue }
            if use == .backfill, daily, needed <= window.limit - window.reservedForInteractive {
                resets.append(backfillOpens(used: needed - 1, limit: window.limit, burst: burst, at: now) ?? window.resetsAt)
            } else {
                resets.append(window.resetsAt)
            }
        }
        return resets.max()
    }

    /// The counters of the current windows, with times on our clock.
    func snapshot() async throws -> QuotaSnapshot {
        var snapshot = try await snapshotOnStravaClock()
        for index in snapshot.windows.indices { snapshot.windows[index].resetsAt = local(snapshot.windows[index].resetsAt) }
        snapshot.blockedUntil = snapshot.blockedUntil.map(local)
        return snapshot
    }

    private func snapshotOnStravaClock() async throws -> QuotaSnapshot {
        let now = stravaNow
        let sql = try self.sql
        let windows = windows(at: now, read: true)
        struct Row: Decodable { var key: String; var used: Int64; var limit_value: Int64 }
        let rows = try await sql.select().column("key").column("used").column("limit_value").from(Self.table)
            .where("key", .in, windows.map(\.key)).all(decoding: Row.self)
        let byKey = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let items = windows.map { window -> QuotaSnapshot.Window in
            let limit = byKey[window.key].map { Int($0.limit_value) } ?? window.defaultLimit
            return QuotaSnapshot.Window(
                name: window.name, kind: window.read ? "read" : "overall", period: window.daily ? "daily" : "15min",
                used: Int(byKey[window.key]?.used ?? 0), limit: limit, reservedForInteractive: reserved(of: limit),
                resetsAt: window.resetAt)
        }
        let blocked = try await Self.blockedUntil(sql)
        return QuotaSnapshot(windows: items, blockedUntil: blocked.flatMap { $0 > now ? $0 : nil })
    }

    /// Forgets the counters of windows that ended more than two days ago.
    func pruneOldWindows() async {
        let cutoff = stravaNow.addingTimeInterval(-2 * 86_400).timeIntervalSince1970
        try? await (try? sql)?.delete(from: Self.table).where("updated_at", .lessThan, cutoff)
            .where("key", .notEqual, Self.blockedKey).run()
    }
}

/// The quota as the API shows it.
struct QuotaSnapshot: Content, Sendable {
    struct Window: Content, Sendable {
        var name: String
        /// `read` or `overall`.
        var kind: String
        /// `15min` or `daily`.
        var period: String
        var used: Int
        var limit: Int
        var reservedForInteractive: Int
        var resetsAt: Date
    }

    var windows: [Window]
    /// Set after a 429 from Strava: no request goes out before this time.
    var blockedUntil: Date?
}

import AthletIQCore
import Fluent
import Foundation
import Vapor

/// Does one claimed job: a page of history, or the detail and streams of one activity (two
/// reads; one for an activity entered by hand, which has no streams).
struct StravaJobProcessor {
    let services: StravaServices

    enum Outcome {
        case done
        /// A sync page with more to come.
        case more
    }

    /// Detail + streams.
    static let readsPerActivity = 2

    func process(_ job: StravaJobQueue.Claimed) async throws -> Outcome {
        guard let connection = try await services.connection(userID: job.userID) else { return .done }
        let use: StravaQuota.Use = job.priority >= StravaJob.Priority.newcomer ? .interactive
            : job.priority >= StravaJob.Priority.recent ? .background : .backfill
        switch job.jobKind {
        case .sync:
            return try await StravaSync(services: services).runPage(connection, use: use) ? .more : .done
        case .enrich:
            try await enrich(connection, stravaID: job.stravaID, use: use)
        case .fetch:
            try await fetch(connection, stravaID: job.stravaID, use: use)
        case nil:
            services.logger.warning("unknown Strava job kind dropped", metadata: ["kind": .string(job.kind)])
        }
        return .done
    }

    /// Detail and streams of an activity we know from its summary.
    func enrich(_ connection: StravaConnection, stravaID: Int64, use: StravaQuota.Use) async throws {
        let userID = connection.$user.id
        guard let activity = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == stravaID).first(), activity.source == "strava",
              activity.enrichedAt == nil else { return }  // a webhook's fetch may have done it already
        let api = services.api(for: connection, use: use)
        let store = services.store(userID: userID)
        if activity.stravaDetailAt != nil {
            // A retry after the streams failed: the detail is kept, only the streams are fetched.
            try await api.prepay(1)
            try await streams(stravaID, into: activity, api: api, store: store)
            return
        }
        try await api.prepay(Self.readsPerActivity)
        guard let detail = try await detailOrGone(stravaID, api: api, store: store) else { return }
        store.apply(detail, to: activity)
        try await store.applyGear(detail, to: activity)
        activity.stravaDetailAt = services.clock.now()
        try await activity.save(on: services.database)
        try await samples(of: detail, into: activity, api: api, store: store)
    }

    /// An activity known only by its id (a webhook): the detail creates it, then its streams.
    func fetch(_ connection: StravaConnection, stravaID: Int64, use: StravaQuota.Use) async throws {
        let userID = connection.$user.id
        // A repeated creation event, or one for an activity the sync has enriched meanwhile.
        let known = try await Activity.query(on: services.database).filter(\.$user.$id == userID)
            .filter(\.$stravaID == stravaID).first()
        if known?.enrichedAt != nil { return }
        let api = services.api(for: connection, use: use)
        let store = services.store(userID: userID)
        if let known, known.source == "strava", known.stravaDetailAt != nil {
            try await api.prepay(1)
            try await streams(stravaID, into: known, api: api, store: store)
            return
        }
        try await api.prepay(Self.readsPerActivity)
        guard let detail = try await detailOrGone(stravaID, api: api, store: store) else { return }
        switch try await store.upsert(detail) {
        case .created(let activity), .updated(let activity):
            activity.stravaDetailAt = services.clock.now()
            try await activity.save(on: services.database)
            try await samples(of: detail, into: activity, api: api, store: store)
        case .linkedToFile:
            return
        }
    }

    /// The detail of an activity, or nil when Strava answers 404: it was deleted there (perhaps
    /// without a webhook), so our copy goes too rather than waiting forever for enrichment.
    private func detailOrGone(_ stravaID: Int64, api: StravaAthleteAPI, store: StravaActivityStore) async throws -> StravaActivityPayload? {
        do {
            return try await api.activity(stravaID)
        } catch StravaAPIError.notFound {
            try await store.removeGone(stravaID: stravaID)
            return nil
        }
    }

    private func samples(of detail: StravaActivityPayload, into activity: Activity, api: StravaAthleteAPI,
                         store: StravaActivityStore) async throws {
        if detail.manual == true {
            try await store.markEnrichedWithoutSamples(activity)
            return
        }
        try await streams(detail.id, into: activity, api: api, store: store)
    }

    private func streams(_ stravaID: Int64, into activity: Activity, api: StravaAthleteAPI, store: StravaActivityStore) async throws {
        do {
            let streams = try await api.streams(stravaID)
            try await store.storeSamples(streams.series(start: activity.startDate), for: activity)
        } catch StravaAPIError.notFound {
            try await store.markEnrichedWithoutSamples(activity)
        }
    }
}

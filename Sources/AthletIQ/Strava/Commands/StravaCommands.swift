import Foundation
import Vapor

/// `athletiq strava ...`: the webhook subscription, the quota, draining the queue.
struct StravaCommands: AsyncCommandGroup {
    var help: String { "Strava: webhook subscription (webhook subscribe|list|delete), quota, drain." }

    var commands: [String: any AnyAsyncCommand] {
        ["webhook": WebhookCommands(), "quota": Quota(), "drain": Drain()]
    }

    static func services(_ context: CommandContext) throws -> StravaServices {
        guard let services = StravaServices(application: context.application) else {
            throw CommandFailure("Strava is not configured: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET")
        }
        return services
    }

    struct Quota: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Prints the shared quota's usage in the current windows." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let snapshot = try await StravaCommands.services(context).quota.snapshot()
            for window in snapshot.windows {
                context.console.print("\(window.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(window.used)/\(window.limit) (\(window.reservedForInteractive) kept for interactive use), resets \(window.resetsAt)")
            }
            if let blocked = snapshot.blockedUntil { context.console.print("blocked after a 429 until \(blocked)") }
        }
    }

    struct Drain: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Processes queued Strava jobs until none is due or the quota is spent, then exits." }

        func run(using context: CommandContext, signature: Signature) async throws {
            _ = try StravaCommands.services(context)
            let done = await context.application.stravaWorker.runUntilIdle()
            context.console.print("\(done) job(s) processed")
        }
    }
}

/// `athletiq strava webhook subscribe|list|delete`: Strava allows one push subscription per
/// application. Subscribing makes Strava call our callback at once, so the server must be up.
struct WebhookCommands: AsyncCommandGroup {
    var help: String { "Manages Strava's push subscription (subscribe, list, delete)." }

    var commands: [String: any AnyAsyncCommand] {
        ["subscribe": Subscribe(), "list": List(), "delete": Delete()]
    }

    static func subscriptions(_ context: CommandContext) throws -> StravaWebhookSubscriptions {
        StravaWebhookSubscriptions(services: try StravaCommands.services(context))
    }

    struct Subscribe: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "callback-url", help: "Default: STRAVA_WEBHOOK_CALLBACK_URL or PUBLIC_URL/api/v1/webhooks/strava; the instance's secret segment is appended.")
            var callbackURL: String?
        }
        var help: String { "Creates the push subscription (the server must answer Strava's challenge)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let subscriptions = try WebhookCommands.subscriptions(context)
            let callback = signature.callbackURL ?? subscriptions.services.settings.webhookCallbackURL
            do {
                let (id, address) = try await subscriptions.subscribe(callbackBase: callback)
                context.console.print("subscribed: id \(id), callback \(address)")
            } catch let error as StravaAPIError {
                throw CommandFailure("Strava refused the subscription: \(error)")
            }
        }
    }

    struct List: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Lists the application's push subscription(s)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let subscriptions = try WebhookCommands.subscriptions(context)
            do {
                let list = try await subscriptions.list()
                let recorded = try await subscriptions.recorded()
                if list.isEmpty { context.console.print("no subscription") }
                for item in list {
                    let mark = recorded == item.id ? " (recorded here)" : ""
                    context.console.print("id \(item.id)  \(item.callbackUrl ?? "?")  created \(item.createdAt ?? "?")\(mark)")
                }
            } catch let error as StravaAPIError {
                throw CommandFailure("Strava refused: \(error)")
            }
        }
    }

    struct Delete: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "id", help: "Subscription id (default: the one recorded here).")
            var id: Int?
        }
        var help: String { "Deletes the push subscription." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let subscriptions = try WebhookCommands.subscriptions(context)
            let recorded = try await subscriptions.recorded()
            guard let id = signature.id.map(Int64.init) ?? recorded else {
                throw CommandFailure("no subscription recorded here: pass --id")
            }
            do {
                try await subscriptions.delete(id: id)
                context.console.print("deleted subscription \(id)")
            } catch let error as StravaAPIError {
                throw CommandFailure("Strava refused: \(error)")
            }
        }
    }
}

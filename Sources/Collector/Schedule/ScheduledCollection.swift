import DurationConversion
import Foundation
import GHRecords
import Logging
import ServiceLifecycle

/// `ghstats scheduled`: collects every `interval`, as a service. The cadence is kept in the collection ledger, so a
/// restarted process waits out the rest of the interval instead of collecting again at once, and an interrupted
/// run is resumed from its committed offsets. Stops between runs, or gracefully mid-run, on SIGTERM.
public struct ScheduledCollection: Service {
    let runner: CollectionRunner
    let organizations: [String]
    let window: CollectionWindow
    let interval: Duration
    let webhook: AlertWebhook?
    let logger: Logger
    let onRun: @Sendable (ScheduledRun) -> Void

    public init(
        runner: CollectionRunner, organizations: [String], window: CollectionWindow, interval: Duration,
        webhook: AlertWebhook?, logger: Logger, onRun: @escaping @Sendable (ScheduledRun) -> Void = { _ in }
    ) {
        self.runner = runner
        self.organizations = organizations
        self.window = window
        self.interval = interval
        self.webhook = webhook
        self.logger = logger
        self.onRun = onRun
    }

    /// When the next run is due: `interval` after the start of the last completed run of this scope; now if none
    /// completed, or one of this scope is unfinished.
    public func nextRun(now: Date = Date()) async throws -> Date {
        let ledger = try CollectionLedger(path: runner.configuration.ledgerPath)
        let scope = try await ledger.all().filter {
            $0.hasScope(source: .api, organizations: organizations, window: window)
        }
        return CollectionCadence.nextRun(of: scope, every: interval, now: now)
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            guard await CollectionCadence.wait(until: try await nextRun(), logger: logger) else { return }
            let summary: CollectionSummary
            let started = ContinuousClock.now
            do {
                summary = try await runner.collect(organizations: organizations, window: window.renewed())
            } catch {
                logger.error("scheduled collection failed", metadata: ["gh.error": "\(error)"])
                if let webhook { await webhook.post(.failure(error, organizations: organizations)) }
                // Try again at the next interval rather than in a tight loop.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                continue
            }
            let next = (try? await nextRun()) ?? Date().addingTimeInterval(interval.inSeconds)
            let run = ScheduledRun(summary: summary, duration: ContinuousClock.now - started, nextRun: next)
            logger.info("\(run.line)")
            onRun(run)
            if !summary.completed {
                logger.notice("scheduled collection stopped before it was complete; it resumes on the next start")
                return
            }
            if let alert = CollectionAlert.after(summary), let webhook { await webhook.post(alert) }
        }
    }
}

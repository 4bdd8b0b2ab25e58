import DurationConversion
import EventLog
import Foundation
import GHRecords
import Logging
import Pipeline
import ServiceLifecycle
import Store
import Telemetry

/// `ghstats produce`: collections for fetchers and persisters running as their own processes (the roles
/// deployment). Each is recorded in the ledger, its root tasks published, and, once every watched group has consumed
/// everything, marked completed: the collection metrics emitted, the velocity metrics derived, failures posted to
/// the webhook. With an interval it repeats on the ledger's cadence until SIGTERM. An unfinished collection of the
/// same scope (a producer restarted mid-collection) is waited for, never produced again.
public struct ProducedCollections: Service {
    public struct Plan: Sendable {
        public var organizations: [String]
        /// As asked (`days:30`): each collection asks it as of its own start.
        public var window: CollectionWindow
        /// Time between the starts of two collections; nil: one collection.
        public var interval: Duration?
        /// False: publish the root tasks and return, leaving the collection running in the ledger.
        public var waitsForCompletion: Bool

        public init(organizations: [String], window: CollectionWindow, interval: Duration?, waitsForCompletion: Bool) {
            self.organizations = organizations
            self.window = window
            self.interval = interval
            self.waitsForCompletion = waitsForCompletion
        }
    }

    let configuration: PipelineConfiguration
    let log: any EventLog
    let plan: Plan
    /// The groups whose lag must reach zero: the fetchers' and every persister's the deployment runs.
    let watched: [(group: String, topics: [String])]
    let webhook: AlertWebhook?
    let logger: Logger
    let onProduced: @Sendable (CollectionRecord) -> Void
    let onCompleted: @Sendable (CollectionSummary) -> Void
    /// How often the groups' lag is read while a collection runs.
    var pollInterval: Duration = .seconds(1)

    public init(
        configuration: PipelineConfiguration, log: any EventLog, plan: Plan,
        watched: [(group: String, topics: [String])], webhook: AlertWebhook?, logger: Logger,
        onProduced: @escaping @Sendable (CollectionRecord) -> Void = { _ in },
        onCompleted: @escaping @Sendable (CollectionSummary) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.log = log
        self.plan = plan
        self.watched = watched
        self.webhook = webhook
        self.logger = logger
        self.onProduced = onProduced
        self.onCompleted = onCompleted
    }

    public func run() async throws {
        let ledger = try CollectionLedger(path: configuration.ledgerPath)
        repeat {
            guard let record = try await nextCollection(ledger) else { return }
            onProduced(record)
            guard plan.waitsForCompletion else { return }
            guard try await allConsumed(record) else { return }
            onCompleted(try await complete(record, ledger: ledger))
        } while plan.interval != nil && !Task.isShuttingDownGracefully
    }

    /// The collection to wait for: one of this scope left unfinished, or a new one once it is due (nil when the
    /// process is stopped while waiting for that).
    func nextCollection(_ ledger: CollectionLedger) async throws -> CollectionRecord? {
        let scope = try await ledger.all().filter {
            $0.hasScope(source: .api, organizations: plan.organizations, window: plan.window)
        }
        let producer = Producer(log: log, topics: configuration.topics)
        if var unfinished = scope.last(where: { $0.status != .completed }) {
            if !unfinished.seeded {
                try await producer.seed(unfinished)
                try await ledger.markSeeded(unfinished.id)
                unfinished.seeded = true
            }
            logger.notice(
                "a collection of this scope is not complete yet: it is waited for, not produced again",
                metadata: [LogMetadataKeys.collectionID: "\(unfinished.id)"])
            return unfinished
        }
        if let interval = plan.interval,
            !(await CollectionCadence.wait(until: CollectionCadence.nextRun(of: scope, every: interval), logger: logger))
        {
            return nil
        }
        var record = CollectionRecord(
            id: CollectionRecord.newID(), organizations: plan.organizations, window: plan.window.renewed(),
            status: .running, seeded: false, startedAt: Date(), finishedAt: nil)
        try await ledger.insert(record)
        try await producer.seed(record)
        try await ledger.markSeeded(record.id)
        record.seeded = true
        logger.info(
            "collection produced",
            metadata: [
                LogMetadataKeys.collectionID: "\(record.id)", "gh.window": "\(record.window)",
                LogMetadataKeys.org: "\(plan.organizations.joined(separator: ","))",
            ])
        return record
    }

    /// Waits until every watched group's lag is zero twice in a row (a fetcher publishes a task's records and child
    /// tasks before it commits the task, so zero lag is final); false when stopped first. A lag that cannot be read
    /// (a broker away) is logged and read again.
    func allConsumed(_ record: CollectionRecord) async throws -> Bool {
        let progress = ProgressReporter(logger: logger, interval: 30, terminal: false)
        var idleChecks = 0
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
            } catch {
                return false
            }
            var pending: Int64 = 0
            do {
                for (group, topics) in watched {
                    let lag = try await log.lag(group: group, topics: topics)
                    PipelineMetrics.lag(group: group, messages: lag)
                    pending += lag
                }
            } catch {
                logger.warning(
                    "could not read the groups' lag; trying again",
                    metadata: [LogMetadataKeys.collectionID: "\(record.id)", "gh.error": "\(error)"])
                idleChecks = 0
                continue
            }
            progress.report(pending: pending, wait: nil)
            idleChecks = pending == 0 ? idleChecks + 1 : 0
            if idleChecks >= 2 { return true }
        }
        return false
    }

    /// Marks `record` completed and does what a completed collection calls for.
    func complete(_ record: CollectionRecord, ledger: CollectionLedger) async throws -> CollectionSummary {
        try await ledger.markCompleted(record.id)
        PipelineMetrics.collectionEnded(completed: true, at: Date().timeIntervalSince1970)
        let store = try SQLiteStore(path: configuration.databasePath)
        let metricsRows = await MetricsRefresh(
            store: store, bigQuery: configuration.cloud.bigQuery?.writer, logger: logger
        )
        .refresh(organizations: record.organizations)
        let summary = CollectionSummary(
            collection: try await ledger.collection(id: record.id) ?? record, completed: true,
            counts: try await store.counts(), deadLetters: try await store.deadLetters(collectionID: record.id),
            metricsRows: metricsRows)
        logger.info(
            "collection completed",
            metadata: [
                LogMetadataKeys.collectionID: "\(record.id)", "gh.dead_letters": "\(summary.deadLetters.count)",
                "gh.metrics_rows": "\(metricsRows.values.reduce(0, +))",
            ])
        if let alert = CollectionAlert.after(summary), let webhook { await webhook.post(alert) }
        return summary
    }
}

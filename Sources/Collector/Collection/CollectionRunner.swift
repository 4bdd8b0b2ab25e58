import AsyncHTTPClient
import EventLog
import Foundation
import GHRecords
import GitHubAPI
import Logging
import Pipeline
import ServiceLifecycle
import Store
import Telemetry

/// Runs collections in one process on the embedded log: producer, fetchers, the SQLite persister (and the GCS
/// and BigQuery persisters when configured),
/// until every task is fetched and every record stored. Resumes interrupted collections from committed offsets.
public struct CollectionRunner: Sendable {
    public let configuration: PipelineConfiguration
    let logger: Logger

    public init(configuration: PipelineConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Collects `organizations` over `window`. An interrupted collection of the same scope is resumed
    /// instead of started again; other interrupted collections are finished in the same run.
    public func collect(
        organizations: [String], window: CollectionWindow, source: CollectionRecord.Source = .api
    ) async throws -> CollectionSummary {
        try StateDirectoryLock.acquire(directory: configuration.stateDirectory)
        try await StartupPreflight(configuration: configuration, logger: logger)
            .check(organizations: organizations, source: source)
        let ledger = try CollectionLedger(path: configuration.ledgerPath)
        let unfinished = try await ledger.unfinished()
        let target: CollectionRecord
        if let same = unfinished.last(where: {
            $0.hasScope(source: source, organizations: organizations, window: window)
        }) {
            logger.info(
                "resuming interrupted collection from its committed offsets",
                metadata: [LogMetadataKeys.collectionID: "\(same.id)"])
            target = same
        } else {
            target = CollectionRecord(
                id: CollectionRecord.newID(), source: source, organizations: organizations, window: window,
                status: .running,
                seeded: false, startedAt: Date(), finishedAt: nil)
            try await ledger.insert(target)
            logger.info(
                "starting collection",
                metadata: [
                    LogMetadataKeys.collectionID: "\(target.id)", "gh.window": "\(window)",
                    LogMetadataKeys.org: "\(organizations.joined(separator: ","))",
                ])
        }
        do {
            return try await run(target: target.id, ledger: ledger)
        } catch {
            // A start that failed before seeding (a rejected token, an unreadable store) leaves nothing to resume.
            try? await ledger.removeUnseeded(target.id)
            throw error
        }
    }

    /// Fetches exactly what a verification found missing: the pull requests to read again (detail and
    /// reviews) and the listings whose counts differ, as a collection of their own, run to completion.
    public func repair(_ report: VerificationReport, window: CollectionWindow) async throws -> CollectionSummary {
        try StateDirectoryLock.acquire(directory: configuration.stateDirectory)
        let ledger = try CollectionLedger(path: configuration.ledgerPath)
        let id = CollectionRecord.newID()
        var tasks: [FetchTask] = []
        for (name, numbers) in report.pullRequestsToFetch {
            let (org, repo) = Self.split(name)
            for number in numbers.sorted() {
                for kind in [FetchTaskKind.pullRequestDetail, .reviews] {
                    tasks.append(
                        FetchTask(
                            collectionId: id, kind: kind, org: org, repo: repo, number: number, since: window.since,
                            until: window.until))
                }
            }
        }
        for (name, streams) in report.listingsToFetch {
            let (org, repo) = Self.split(name)
            for stream in streams.sorted() {
                tasks.append(
                    FetchTask(
                        collectionId: id, kind: FetchTaskKind(rawValue: stream), org: org, repo: repo,
                        since: window.since, until: window.until))
            }
        }
        for index in tasks.indices { tasks[index].republish = true }
        let names = Array(report.pullRequestsToFetch.keys) + Array(report.listingsToFetch.keys)
        let organizations = Array(Set(names.map { Self.split($0).0 })).sorted()
        return try await run(tasks, id: id, organizations: organizations, window: window, source: .api, ledger: ledger)
    }

    /// Reads again the GH Archive hours a store lacks, with the owner filter they were missing for.
    public func repair(
        _ report: GHArchiveVerifier.Report, owners: String, window: CollectionWindow
    ) async throws
        -> CollectionSummary
    {
        try StateDirectoryLock.acquire(directory: configuration.stateDirectory)
        let ledger = try CollectionLedger(path: configuration.ledgerPath)
        let id = CollectionRecord.newID()
        let tasks = report.missingInStore.map { hour in
            var task = FetchTask(
                collectionId: id, kind: .gharchiveHour, org: owners, since: hour, until: hour.addingTimeInterval(3_600))
            task.republish = true
            return task
        }
        return try await run(tasks, id: id, organizations: [owners], window: window, source: .gharchive, ledger: ledger)
    }

    /// Publishes `tasks` as collection `id` (already seeded) and runs it to completion.
    private func run(
        _ tasks: [FetchTask], id: String, organizations: [String], window: CollectionWindow,
        source: CollectionRecord.Source, ledger: CollectionLedger
    ) async throws -> CollectionSummary {
        let log = try EmbeddedLog(configuration: configuration.embeddedLog)
        try await log.createTopics(configuration.topicSpecs)
        let messages = MessageFactory(topics: configuration.topics)
        try await log.publish(try tasks.map(messages.task))
        try await log.close()
        try await ledger.insert(
            CollectionRecord(
                id: id, source: source, organizations: organizations, window: window, status: .running, seeded: true,
                startedAt: Date(), finishedAt: nil))
        logger.info(
            "repairing what verify found",
            metadata: [LogMetadataKeys.collectionID: "\(id)", "gh.tasks": "\(tasks.count)"])
        return try await run(target: id, ledger: ledger)
    }

    /// The watermarks tell which windows earlier passes read into the store; a store that has stored nothing yet
    /// (new, or deleted and made again beside an old state directory) gets every window read whole instead of the
    /// few records changed since.
    private func forgetWatermarksOfAnotherStore(_ store: SQLiteStore) async throws {
        guard configuration.conditionalRequests,
            FileManager.default.fileExists(atPath: configuration.watermarksPath),
            try await store.sinkOffsets(group: configuration.persister.group).isEmpty
        else { return }
        let watermarks = try StreamWatermarks(path: configuration.watermarksPath)
        try await watermarks.reset()
        await watermarks.close()
        logger.notice(
            "the store holds nothing yet: earlier passes' watermarks dropped, every window is read whole",
            metadata: ["gh.db": "\(configuration.databasePath)"])
    }

    /// How long the persisters may go on storing what is on their topics after the fetcher stopped.
    static let drainDeadline = Duration.seconds(3)

    static func split(_ name: String) -> (String, String) {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? name, parts.count > 1 ? parts[1] : "")
    }

    /// Finishes the collection `id` from the committed offsets, without redoing finished tasks.
    public func resume(collectionID id: String) async throws -> CollectionSummary {
        try StateDirectoryLock.acquire(directory: configuration.stateDirectory)
        let ledger = try CollectionLedger(path: configuration.ledgerPath)
        var known = try await ledger.collection(id: id)
        let restored = known == nil
        if known == nil { known = try await restoreFromBucket(id, ledger: ledger) }
        guard let record = known else {
            let bucket = configuration.cloud.gcs.map { " nor a checkpoint in gs://\($0.configuration.bucket)" } ?? ""
            throw PipelineError(
                code: .unknownCollection, context: "no collection with id \(id) in \(configuration.ledgerPath)\(bucket)"
            )
        }
        if record.status == .completed {
            let store = try SQLiteStore(path: configuration.databasePath)
            logger.info("collection is already complete", metadata: [LogMetadataKeys.collectionID: "\(id)"])
            return CollectionSummary(
                collection: record, completed: true, counts: try await store.counts(),
                deadLetters: try await store.deadLetters(collectionID: id))
        }
        try await StartupPreflight(configuration: configuration, logger: logger)
            .check(organizations: record.organizations, source: record.source)
        return try await run(target: id, ledger: ledger, reconcileWithBucket: restored)
    }

    /// A collection this state dir does not know (a new machine, the state dir lost), from its checkpoint in the
    /// bucket: recorded in the ledger to be seeded again, its window collected again. Its log starts anew, so the
    /// GCS persister leaves out records whose lines the bucket holds already.
    private func restoreFromBucket(_ id: String, ledger: CollectionLedger) async throws -> CollectionRecord? {
        guard let gcs = configuration.cloud.gcs,
            let checkpoint = try await BucketCheckpoints(storage: gcs.client, bucket: gcs.configuration.bucket).read(id)
        else { return nil }
        let record = checkpoint.record
        try await ledger.insert(record)
        logger.notice(
            "collection restored from its checkpoint in the bucket; its window is collected again",
            metadata: [
                LogMetadataKeys.collectionID: "\(id)", "gcs.bucket": "\(gcs.configuration.bucket)",
                "gh.status": "\(checkpoint.status)",
            ])
        return record
    }

    private func run(
        target: String, ledger: CollectionLedger, reconcileWithBucket: Bool = false
    ) async throws -> CollectionSummary {
        let log = try EmbeddedLog(configuration: configuration.embeddedLog)
        try await log.createTopics(configuration.topicSpecs)
        let store = try SQLiteStore(path: configuration.databasePath)
        try await forgetWatermarksOfAnotherStore(store)
        if try await store.sinkOffsets(group: configuration.persister.group).isEmpty {
            // A store that holds nothing yet needs every record, unchanged or not.
            try await log.forgetLatestValues()
        }
        // A rejected token must stop the run before it seeds anything.
        let fetcher = try await FetcherFactory(configuration: configuration, logger: logger).makeFetcher(log: log)
        let producer = Producer(log: log, topics: configuration.topics)
        for record in try await ledger.unfinished() where !record.seeded {
            try await producer.seed(record)
            try await ledger.markSeeded(record.id)
        }
        let running = try await ledger.unfinished()
        let persister = SQLitePersister(
            log: log, store: store, topics: configuration.topics, configuration: configuration.persister, logger: logger
        )
        var cloud = configuration.cloud
        if reconcileWithBucket { cloud.gcs?.configuration.reconcileWithBucket = true }
        let cloudStages = cloud.persisters(log: log, topics: configuration.topics, logger: logger)
        let watched =
            [
                (group: configuration.fetcher.group, topics: [configuration.topics.tasks]),
                (group: configuration.persister.group, topics: SQLitePersister.consumedTopics(configuration.topics)),
            ] + cloudStages.map { (group: $0.group, topics: $0.topics) }
        // With GCS on, `_checkpoints/<id>.json` in the bucket says where each collection stands.
        let checkpointWriter = configuration.cloud.gcs.map { gcs in
            CheckpointWriter(
                checkpoints: BucketCheckpoints(storage: gcs.client, bucket: gcs.configuration.bucket), records: running,
                log: log, watched: watched, interval: CheckpointWriter.defaultInterval, logger: logger)
        }
        let progress = ProgressReporter(logger: logger)
        let monitor = CompletionMonitor(log: log, watched: watched, interval: .milliseconds(100)) {
            progress.report(pending: $0)
        }
        // Stopped in reverse: the fetcher first (its last batch published and committed), then the persisters
        // once they stored what is on their topics (or the drain's deadline passed), the monitor last.
        let drain = ShutdownDrain(log: log, watched: Array(watched.dropFirst()), deadline: Self.drainDeadline)
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: monitor, successTerminationBehavior: .gracefullyShutdownGroup)
            ] + (checkpointWriter.map { [.init(service: $0)] } ?? []) + [
                .init(service: persister)
            ] + cloudStages.map { .init(service: $0.service) } + [
                .init(service: drain),
                .init(service: fetcher),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        group.bounded()
        try await ShutdownDeadline.run(ServiceGroup(configuration: group))
        await StateRetention(configuration: configuration, logger: logger).apply(log: log, watched: watched)
        progress.finish()

        var pending: Int64 = 0
        for (group, topics) in watched { pending += try await log.lag(group: group, topics: topics) }
        let completed = pending == 0
        await checkpointWriter?.write(status: completed ? "completed" : "interrupted")
        PipelineMetrics.collectionEnded(completed: completed, at: Date().timeIntervalSince1970)
        var metricsRows: [String: Int] = [:]
        if completed {
            for record in running { try await ledger.markCompleted(record.id) }
            let organizations = Set(running.filter { $0.source == .api }.flatMap(\.organizations)).sorted()
            metricsRows = await MetricsRefresh(
                store: store, bigQuery: configuration.cloud.bigQuery?.writer, logger: logger
            )
            .refresh(organizations: organizations)
        } else {
            logger.notice(
                "collection stopped before it was complete; run `ghstats resume --collection-id \(target)` or collect again",
                metadata: ["gh.pending_messages": "\(pending)"])
        }
        try await log.close()
        guard let record = try await ledger.collection(id: target) else {
            throw PipelineError(code: .unknownCollection, context: "collection \(target) vanished from the ledger")
        }
        return CollectionSummary(
            collection: record, completed: completed, counts: try await store.counts(),
            deadLetters: try await store.deadLetters(collectionID: target), metricsRows: metricsRows)
    }
}

import ArgumentParser
import Collector
import EventLog
import Foundation
import KafkaLog
import Logging
import Monitoring
import Pipeline
import ServiceLifecycle
import Settings
import Store
import Telemetry

/// `ghstats produce`: a collection's root tasks onto the tasks topic for the fetchers; it is recorded in the ledger
/// and completed (collection metrics, velocity metrics derived) once the fetchers and persisters have consumed it all.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract:
            "Emits a collection's fetch tasks (organisations x window) to the tasks topic, prints its id and completes it when fetchers and persisters have consumed it (every --interval with one)."
    )

    @OptionGroup var organization: OrganizationFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var cloud: CloudFlags
    @OptionGroup var metrics: MetricsFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(organization, database, state, cloud, metrics, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "Window in days back from each collection's start. Default: DEFAULT_LOOKBACK_DAYS.")
    var days: Int?

    @Option(help: "Window in hours back from each collection's start.")
    var hours: Int?

    @Option(
        help:
            "Produce a collection every interval until SIGTERM (90s, 30m, 6h, 1d; a bare number is hours), the cadence kept in the ledger."
    )
    var interval: String?

    @Flag(
        help:
            "Exit once the tasks are published: nothing marks the collection completed or derives its metrics until a later produce of the same scope waits for it."
    )
    var noWait = false

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        let window = try CollectCommand.window(days: days, hours: hours, defaultDays: settings.defaultLookbackDays)
        let every = try interval.map(ScheduledCommand.duration)
        if every != nil && noWait {
            throw ConfigurationError(key: "--no-wait", reason: "a producer with --interval waits for each collection")
        }
        let log = try await transport.open(settings, configuration, logger: logger)
        let topics = configuration.topics
        let watched =
            [
                (group: configuration.fetcher.group, topics: [topics.tasks]),
                (group: configuration.persister.group, topics: SQLitePersister.consumedTopics(topics)),
            ] + configuration.cloud.stageGroups(topics)
        let collections = ProducedCollections(
            configuration: configuration, log: log,
            plan: .init(
                organizations: organizations, window: window, interval: every, waitsForCompletion: !noWait),
            watched: watched, webhook: try options.webhook(logger: logger), logger: logger,
            onProduced: { record in
                print(record.id)
                fflush(nil)
            })
        try await RoleRunner.run(
            collections, monitoring: try options.monitoring(), log: log, watched: watched,
            retention: StateRetention(configuration: configuration, logger: logger), logger: logger)
        try await log.close()
    }
}

/// `ghstats fetch`: a fetcher process in its group, until SIGTERM/SIGINT.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Runs a fetcher: consumes fetch tasks, calls GitHub, publishes records (until SIGTERM).")

    @OptionGroup var api: APIFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var fetch: FetchFlags
    @OptionGroup var metrics: MetricsFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(api, state, fetch, metrics, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "Consumer group. Default: ghstats-fetch.")
    var group: String?

    func run() async throws {
        let (settings, resolved) = try options.resolve()
        var configuration = resolved
        let logger = try options.makeLogger()
        try options.requireTokenForPublicGitHub(settings)
        if let group { configuration.fetcher.group = group }
        if try transport.kafka(settings) != nil {
            // One group member per process; MAX_WORKERS tasks fetched concurrently by it.
            configuration.fetcher.members = 1
            configuration.fetcher.batchSize = settings.maxWorkers
        }
        let log = try await transport.open(settings, configuration, logger: logger, leavesOutUnchanged: true)
        let fetcher = try await FetcherFactory(configuration: configuration, logger: logger).makeFetcher(log: log)
        try await RoleRunner.run(
            fetcher, monitoring: try options.monitoring(), log: log,
            watched: [(configuration.fetcher.group, [configuration.topics.tasks])],
            retention: StateRetention(configuration: configuration, logger: logger), logger: logger)
        try await log.close()
    }
}

/// `ghstats persist`: a persister process in its group, until SIGTERM/SIGINT.
struct PersistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persist", abstract: "Runs a persister: consumes record topics into a store (until SIGTERM).")

    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var metrics: MetricsFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(database, state, metrics, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "The store: sqlite, gcs or bigquery (as in verify --store).")
    var store: String?

    /// The flag's name before it was `--store` like everywhere else; still taken, not shown.
    @Option(help: .hidden)
    var sink: String?

    @Option(help: "Consumer group. Default: ghstats-<store>.")
    var group: String?

    /// The store this persister fills.
    var chosenStore: String { store ?? sink ?? "sqlite" }

    func run() async throws {
        let (settings, resolved) = try options.resolve()
        var configuration = resolved
        let logger = try options.makeLogger()
        if let group { configuration.persister.group = group }
        let service: any Service
        let log: any EventLog
        let watched: (group: String, topics: [String])
        switch chosenStore {
        case "sqlite":
            let store = try SQLiteStore(path: configuration.databasePath)
            log = try await transport.open(settings, configuration, logger: logger)
            service = SQLitePersister(
                log: log, store: store, topics: configuration.topics, configuration: configuration.persister,
                logger: logger)
            watched = (configuration.persister.group, SQLitePersister.consumedTopics(configuration.topics))
        case "gcs":
            var gcs = settings.cloud.gcsPersister
            if let group { gcs.group = group }
            let storage = try settings.cloud.makeStorage(logger: logger)
            log = try await transport.open(settings, configuration, logger: logger)
            service = GCSPersister(
                log: log, storage: storage, topics: configuration.topics, configuration: gcs, logger: logger)
            watched = (gcs.group, GCSPersister.consumedTopics(configuration.topics))
        case "bigquery":
            var bigQuery = settings.cloud.bigQueryPersister
            if let group { bigQuery.group = group }
            let writer = try settings.cloud.makeWriter(logger: logger)
            log = try await transport.open(settings, configuration, logger: logger)
            service = BigQueryPersister(
                log: log, writer: writer, topics: configuration.topics, configuration: bigQuery, logger: logger)
            watched = (bigQuery.group, BigQueryPersister.consumedTopics(configuration.topics))
        default:
            throw ConfigurationError(
                key: store == nil && sink != nil ? "--sink" : "--store",
                reason: "'\(chosenStore)' is not sqlite, gcs or bigquery")
        }
        try await RoleRunner.run(
            service, monitoring: try options.monitoring(), log: log, watched: [watched],
            retention: StateRetention(configuration: configuration, logger: logger), logger: logger)
        try await log.close()
    }
}

/// Runs one long-running stage as a service, with graceful shutdown on SIGTERM and SIGINT.
/// Its `/metrics` endpoint and consumer-lag reporting run beside it and stop with it.
enum RoleRunner {
    static func run(
        _ service: any Service, monitoring: MonitoringConfiguration, log: any EventLog,
        watched: [(group: String, topics: [String])], retention: StateRetention, logger: Logger
    ) async throws {
        PrometheusExporter.bootstrap()
        // On the embedded log the role trims what every group has consumed, hourly (Kafka has its own retention).
        let trimming: [ServiceGroupConfiguration.ServiceConfiguration] =
            (log as? EmbeddedLog).map {
                [.init(service: RetentionService(retention: retention, log: $0, watched: watched))]
            } ?? []
        // Stopped in reverse order: the stage first, its endpoint and lag reports after it.
        var group = ServiceGroupConfiguration(
            services: trimming + [
                .init(service: LagMonitor(log: log, watched: watched, logger: logger)),
                .init(service: MonitoringServer(configuration: monitoring, logger: logger)),
                .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.bounded()
        try await ShutdownDeadline.run(ServiceGroup(configuration: group))
    }
}

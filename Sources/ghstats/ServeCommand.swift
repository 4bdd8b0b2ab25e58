import ArgumentParser
import Collector
import Foundation
import GitHubAPI
import Logging
import Monitoring
import Pipeline
import ServiceLifecycle
import Settings
import Store

/// `ghstats serve`: the web dashboard (pipeline health and velocity charts) and `/metrics`, until SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serves the dashboard (lag, rate limit, throughput, errors, velocity charts) and /metrics; GHSTATS_ACCESS_TOKEN guards both."
    )

    @OptionGroup var api: APIFlags
    @OptionGroup var database: DatabaseFlags
    @OptionGroup var state: StateFlags
    @OptionGroup var cloud: CloudFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(api, database, state, cloud, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "Where to listen: host:port or :port. Default: SERVE_ADDRESS or 127.0.0.1:8080 (this machine only).")
    var address: String?

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let source = try SettingsSource.load(envFile: options.envFile)
        var monitoring = try MonitoringConfiguration(
            address: address ?? source.string("SERVE_ADDRESS") ?? "127.0.0.1:8080",
            accessToken: try source.secret("GHSTATS_ACCESS_TOKEN"), key: address == nil ? "SERVE_ADDRESS" : "--address")
        monitoring.enabled = true
        if monitoring.host != "127.0.0.1" && monitoring.host != "localhost" && monitoring.accessToken == nil {
            logger.warning("the dashboard listens beyond this machine without GHSTATS_ACCESS_TOKEN")
        }
        let log = try await transport.open(settings, configuration, logger: logger)
        let store = try SQLiteStore(path: configuration.databasePath)
        let topics = configuration.topics
        let sampler = ThroughputSampler(
            log: log, topics: [topics.tasks] + topics.allRecordTopics + [topics.deadLetters], logger: logger)
        var groups: [(group: String, topics: [String])] = [
            (configuration.fetcher.group, [topics.tasks]),
            (configuration.persister.group, SQLitePersister.consumedTopics(topics)),
        ]
        if settings.cloud.persistToGCS {
            groups.append((settings.cloud.gcsPersister.group, GCSPersister.consumedTopics(topics)))
        }
        if settings.cloud.persistToBigQuery {
            groups.append((settings.cloud.bigQueryPersister.group, BigQueryPersister.consumedTopics(topics)))
        }
        let github = settings.tokens.isEmpty ? nil : GitHubClient(configuration: configuration.github, logger: logger)
        if let github, settings.tokens.count > 1 { await github.discoverAccounts() }
        let data = DashboardData(
            store: store, ledgerPath: configuration.ledgerPath, log: log, groups: groups, sampler: sampler,
            github: github)
        let host = monitoring.host
        let server = MonitoringServer(
            configuration: monitoring, logger: logger, extraRoutes: { DashboardRoutes.add(to: $0, data: data) },
            onListening: { port in
                print("dashboard at http://\(host):\(port)/")
                fflush(nil)
            })
        PrometheusExporter.bootstrap()
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: server), .init(service: sampler),
                .init(service: LagMonitor(log: log, watched: groups, logger: logger)),
                .init(service: VelocityGauges(store: store, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.bounded()
        try await ShutdownDeadline.run(ServiceGroup(configuration: group))
        try await log.close()
    }
}

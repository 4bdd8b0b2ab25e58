import ArgumentParser
import Collector
import Foundation
import Logging
import Monitoring
import ServiceLifecycle
import Settings

/// `ghstats scheduled --interval 6h`: collects on a cadence until SIGTERM, serving `/metrics` meanwhile.
struct ScheduledCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduled",
        abstract:
            "Repeats collect every --interval (kept across restarts in the ledger) until SIGTERM; alerts ALERT_WEBHOOK_URL on failures."
    )

    @OptionGroup var pipeline: PipelineOptions
    var options: PipelineFlags { pipeline.flags }

    @Option(
        help:
            "Time between the starts of two runs: 90s, 30m, 6h, 1d; a bare number is hours (6). Under 10s: tests only.")
    var interval: String = "6h"

    @Option(help: "Window of each run in days back from now. Default: DEFAULT_LOOKBACK_DAYS.")
    var days: Int?

    @Option(help: "Window of each run in hours back from now.")
    var hours: Int?

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let organizations = try options.requireOrganizations(settings)
        try options.requireTokenForPublicGitHub(settings)
        let every = try Self.duration(interval)
        let window = try CollectCommand.window(days: days, hours: hours, defaultDays: settings.defaultLookbackDays)
        // Held from the start: a second scheduler on the same state dir is refused now, not at its first run.
        try StateDirectoryLock.acquire(directory: configuration.stateDirectory)
        let schedule = ScheduledCollection(
            runner: CollectionRunner(configuration: configuration, logger: logger), organizations: organizations,
            window: window, interval: every, webhook: try options.webhook(logger: logger), logger: logger,
            onRun: { run in
                _ = CollectionReport.print(run.summary)
                // On a pipe stdout is block-buffered: without a flush, a run's report waited for the next ones.
                print(run.line)
                fflush(nil)
            })
        PrometheusExporter.bootstrap()
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: schedule, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: MonitoringServer(configuration: try options.monitoring(), logger: logger)),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await ShutdownDeadline.run(group)
    }

    /// `90s`, `30m`, `6h`, `1d`, or a bare number of hours; intervals under 10s (`1s`, `200ms`) are for tests.
    static func duration(_ text: String) throws -> Duration {
        try DurationText.parse(text, key: "--interval", bareUnit: "h")
    }
}

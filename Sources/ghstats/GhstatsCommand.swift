import ArgumentParser

@main
struct GhstatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghstats",
        abstract:
            "Collects GitHub organisation activity into SQLite, GCS and BigQuery through a durable, resumable pipeline.",
        subcommands: [
            DemoCommand.self, CollectCommand.self, BackfillCommand.self, ResumeCommand.self, InitCommand.self,
            ProduceCommand.self, FetchCommand.self, PersistCommand.self, ReplayCommand.self, StatusCommand.self,
            VerifyCommand.self, GCSSummaryCommand.self, WipeGCSCommand.self, LoadGCSCommand.self, MetricsCommand.self,
            ReportCommand.self, ScheduledCommand.self, ServeCommand.self,
        ])
}

import ArgumentParser
import Collector

@main
struct GhstatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghstats",
        abstract:
            "Collects GitHub organisation activity into SQLite, GCS and BigQuery through a durable, resumable pipeline.",
        version: "ghstats 0.9.0",
        subcommands: [
            DemoCommand.self, CollectCommand.self, BackfillCommand.self, ResumeCommand.self, InitCommand.self,
            ProduceCommand.self, FetchCommand.self, PersistCommand.self, ReplayCommand.self, StatusCommand.self,
            VerifyCommand.self, GCSSummaryCommand.self, WipeGCSCommand.self, LoadGCSCommand.self, MetricsCommand.self,
            ReportCommand.self, ScheduledCommand.self, ServeCommand.self,
        ])

    /// ArgumentParser's entry point, with the shutdown deadline armed first.
    static func main() async {
        ShutdownDeadline.arm()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

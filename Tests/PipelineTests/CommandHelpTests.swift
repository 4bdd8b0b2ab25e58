import ArgumentParser
import Testing

@testable import ghstats

/// Each command's `--help` lists the pipeline flags it uses and no other; the same idea has one name everywhere.
@Suite struct CommandHelpTests {
    static let pipelineFlags: Set<String> = [
        "--org", "--api-url", "--db", "--state-dir", "--max-workers", "--pull-request-source", "--commit-stats",
        "--full", "--to-gcs", "--to-bigquery", "--metrics-address", "--env-file", "--log-level",
    ]
    static let settings: Set<String> = ["--env-file", "--log-level"]

    /// The long flags a help text shows.
    static func flags(_ help: String) -> Set<String> {
        Set(help.matches(of: /(^|[^\w-])(--[a-z][a-z-]*)/.anchorsMatchLineEndings()).map { String($0.output.2) })
    }

    @Test func eachCommandsHelpListsOnlyThePipelineFlagsItUses() {
        let expected: [(String, any ParsableCommand.Type, Set<String>)] = [
            ("collect", CollectCommand.self, Self.pipelineFlags),
            ("backfill", BackfillCommand.self, Self.pipelineFlags),
            ("scheduled", ScheduledCommand.self, Self.pipelineFlags),
            ("verify", VerifyCommand.self, Self.pipelineFlags),
            (
                "resume", ResumeCommand.self,
                Self.pipelineFlags.subtracting(["--org"])
            ),
            ("init", InitCommand.self, Self.settings.union(["--db", "--state-dir", "--to-gcs", "--to-bigquery"])),
            (
                "produce", ProduceCommand.self,
                Self.settings.union(["--org", "--db", "--state-dir", "--to-gcs", "--to-bigquery", "--metrics-address"])
            ),
            (
                "fetch", FetchCommand.self,
                Self.settings.union([
                    "--api-url", "--state-dir", "--max-workers", "--pull-request-source", "--commit-stats", "--full",
                    "--metrics-address",
                ])
            ),
            ("persist", PersistCommand.self, Self.settings.union(["--db", "--state-dir", "--metrics-address"])),
            ("replay", ReplayCommand.self, Self.settings.union(["--state-dir"])),
            ("status", StatusCommand.self, Self.settings.union(["--state-dir"])),
            ("metrics", MetricsCommand.self, Self.settings.union(["--org", "--db", "--to-bigquery"])),
            ("report", ReportCommand.self, Self.settings.union(["--org", "--db"])),
            (
                "serve", ServeCommand.self,
                Self.settings.union(["--api-url", "--db", "--state-dir", "--to-gcs", "--to-bigquery"])
            ),
        ]
        for (name, command, flags) in expected {
            let help = command.helpMessage(columns: 400)
            #expect(Self.flags(help).intersection(Self.pipelineFlags) == flags, "\(name) --help:\n\(help)")
        }
    }

    @Test func persistTakesTheStoreByTheNameVerifyUsesAndStillTakesItsOldName() throws {
        #expect(try PersistCommand.parse(["--store", "gcs"]).chosenStore == "gcs")
        #expect(try PersistCommand.parse(["--sink", "bigquery"]).chosenStore == "bigquery")
        #expect(try PersistCommand.parse([]).chosenStore == "sqlite")
        let help = PersistCommand.helpMessage(columns: 400)
        #expect(Self.flags(help).contains("--store") && !Self.flags(help).contains("--sink"), "\(help)")
        #expect(Self.flags(VerifyCommand.helpMessage(columns: 400)).contains("--store"))
    }

    @Test func theVersionIsPrinted() {
        #expect(GhstatsCommand.configuration.version.hasPrefix("ghstats "))
    }
}

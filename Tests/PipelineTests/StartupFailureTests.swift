import Collector
import Foundation
import TestSupport
import Testing

/// A start that cannot work fails at once (exit 1, the cause named) and leaves no unfinished collection behind.
@Suite struct StartupFailureTests {
    static func collect(
        _ harness: PipelineHarness, url: String, org: String = "sim-org", environment: [String: String] = [:],
        name: String
    ) async throws -> (status: Int32?, output: String, seconds: Double) {
        let started = ContinuousClock.now
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: [
                "collect", "--org", org, "--api-url", url, "--days", "3650", "--db", harness.databasePath,
                "--state-dir", harness.stateDirectory, "--env-file", harness.directory.path("no.env"),
            ],
            directory: harness.directory.url, name: name,
            environment: ["PERSIST_TO_GCS": "false", "PERSIST_TO_BIGQUERY": "false"].merging(environment) { $1 })
        let status = await child.waitForExit(timeout: .seconds(120))
        if status == nil { await child.killHard() }
        let elapsed = ContinuousClock.now - started
        return (status, child.output, Double(elapsed.components.seconds))
    }

    static func unfinished(_ harness: PipelineHarness) async throws -> [CollectionRecord] {
        let path = harness.stateDirectory + "/collections.db"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try await CollectionLedger(path: path).unfinished()
    }

    @Test func anUnreachableAPIURLFailsAtOnceNamingIt() async throws {
        let harness = try PipelineHarness(repositories: 1, pullRequestsPerRepository: 1)
        defer { harness.remove() }
        let run = try await Self.collect(harness, url: "http://127.0.0.1:1", name: "unreachable")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.seconds < 30)
        #expect(run.output.contains("http://127.0.0.1:1") && run.output.contains("cannot be reached"), "\(run.output)")
        #expect(try await Self.unfinished(harness).isEmpty)
    }

    @Test func aMisspeltOrganisationFailsBeforeAnythingIsSeeded() async throws {
        let harness = try PipelineHarness(repositories: 1, pullRequestsPerRepository: 1)
        defer { harness.remove() }
        let run = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await Self.collect(harness, url: url, org: "sim-orgg", name: "misspelt")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("organisation sim-orgg not found at"), "\(run.output)")
        #expect(try await Self.unfinished(harness).isEmpty)
    }

    @Test func anUnreadableStoreLeavesNoUnfinishedCollection() async throws {
        let harness = try PipelineHarness(repositories: 1, pullRequestsPerRepository: 1)
        defer { harness.remove() }
        try Data(repeating: 0x5A, count: 8_192).write(to: URL(fileURLWithPath: harness.databasePath))
        let run = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await Self.collect(harness, url: url, name: "corrupt")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(
            try await Self.unfinished(harness).isEmpty, "a failed start must not leave a collection for the next run")
    }

    @Test func anUnreachableGoogleEndpointFailsAtStartNamingItAndTheSettings() async throws {
        let harness = try PipelineHarness(repositories: 1, pullRequestsPerRepository: 1)
        defer { harness.remove() }
        let run = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await Self.collect(
                harness, url: url,
                environment: [
                    "PERSIST_TO_GCS": "true", "STORAGE_EMULATOR_HOST": "http://127.0.0.1:1",
                    "GCS_BUCKET_NAME": "ghstats-test",
                ],
                name: "google")
        }
        #expect(run.status == 1, "\(run.output)")
        #expect(run.seconds < 30)
        #expect(run.output.contains("127.0.0.1:1") && run.output.contains("STORAGE_EMULATOR_HOST"), "\(run.output)")
        #expect(try await Self.unfinished(harness).isEmpty)
    }

    @Test func aReadingCommandGivenAStoreThatIsNotThereFailsNamingItAndMakesNone() async throws {
        let directory = try TemporaryDirectory("ghstats-no-store")
        defer { directory.remove() }
        let ghstats = try ProjectPaths.executable("ghstats")
        for (arguments, key) in [
            (["report", "--db", "ghstast.db"], "--db"), (["metrics", "--db", "ghstast.db"], "--db"),
            (["report"], "GHSTATS_DB"),
        ] {
            let process = try ChildProcess(
                executable: ghstats, arguments: arguments, directory: directory.url, name: arguments[0],
                environment: key == "GHSTATS_DB" ? ["GHSTATS_DB": "ghstast.db"] : [:])
            #expect(await process.waitForExit(timeout: .seconds(60)) == 1)
            #expect(
                process.output.contains("invalid configuration \(key): no store at ghstast.db"), "\(process.output)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("ghstast.db")))
        }
        let version = try ChildProcess(
            executable: ghstats, arguments: ["--version"], directory: directory.url, name: "version")
        #expect(await version.waitForExit(timeout: .seconds(60)) == 0)
        #expect(version.output.hasPrefix("ghstats "), "\(version.output)")
    }
}

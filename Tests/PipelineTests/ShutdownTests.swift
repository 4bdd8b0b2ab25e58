import Collector
import EventLog
import Foundation
import GitHubSimulator
import KafkaLog
import Logging
import Pipeline
import Store
import TestSupport
import Testing

/// SIGTERM to the built `ghstats` in each waiting state: it stops within 10 s, with what it finished stored and
/// the rest resumable.
@Suite(.serialized) struct ShutdownTests {
    static let allowed = Duration.seconds(10)

    /// Polls `condition` until it holds; fails the test with `what` after `timeout`.
    static func waitFor(
        _ what: String, timeout: Duration = .seconds(120), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                throw MockClusterError(reason: "timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Sends SIGTERM and returns the exit status and how long the process took to end (nil: still running).
    static func terminate(_ child: ChildProcess) async -> (status: Int32?, took: Duration) {
        let start = ContinuousClock.now
        child.terminate()
        let status = await child.waitForExit(timeout: .seconds(30))
        return (status, ContinuousClock.now - start)
    }

    static func collectArguments(_ harness: PipelineHarness, url: String) -> [String] {
        CrashRecoveryTests.collectArguments(harness, url: url) + ["--pull-request-source", "rest"]
    }

    static func simulator(
        seed: UInt64, rateLimit: RateLimitConfiguration, faults: [FaultRule] = []
    ) -> GitHubSimulator {
        var configuration = SimulatorConfiguration()
        configuration.seed = seed
        configuration.organizations = ["sim-org"]
        configuration.repositoriesPerOrganization = 8
        configuration.pullRequestsPerRepository = 60
        configuration.now = Date(timeIntervalSince1970: 1_796_000_000)
        configuration.rateLimit = rateLimit
        configuration.faults = faults
        return GitHubSimulator(configuration: configuration)
    }

    @Test func aSignalBeforeAnyServiceRunsEndsTheCommandAtOnceWith128PlusN() async throws {
        let directory = try TemporaryDirectory("ghstats-early-signal")
        defer { directory.remove() }
        let harness = PipelineHarness(directory: directory, simulator: Self.simulator(seed: 5, rateLimit: .init()))
        // Port 9 refuses connections: the start check retries GitHub for about 11 s before it gives up.
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: Self.collectArguments(harness, url: "http://127.0.0.1:9"), directory: directory.url,
            name: "early", environment: ["GITHUB_TOKEN": "t"])
        try await Self.waitFor("the state directory's lock (the start check runs after it)") {
            FileManager.default.fileExists(atPath: harness.stateDirectory + "/lock") || !child.isRunning
        }
        let (status, took) = await Self.terminate(child)
        // 143 from ghstats' own handler; 15 (the signal itself) when it came before the handler was installed.
        #expect(status == 128 + SIGTERM || status == SIGTERM, "\(child.output.suffix(2000))")
        #expect(took < .seconds(3), "took \(took) to stop: \(child.output.suffix(2000))")
    }

    @Test
    func aCollectionWaitingForARateLimitResetAnHourAwayStopsWithin10SecondsWithWhatItFetchedStored() async throws {
        var limit = RateLimitConfiguration(limit: 40, window: .seconds(3_600))
        limit.anonymousLimit = 40
        let directory = try TemporaryDirectory("ghstats-shutdown")
        defer { directory.remove() }
        let limited = PipelineHarness(directory: directory, simulator: Self.simulator(seed: 21, rateLimit: limit))
        let binary = try ProjectPaths.executable("ghstats")
        let (stopped, took, output) = try await limited.simulator.withRunning(logger: .quiet) { url in
            let child = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(limited, url: url), directory: directory.url,
                name: "limited")
            try await Self.waitFor("the progress line to say it waits for the reset") {
                child.output.contains("waiting for the rate-limit reset at") || !child.isRunning
            }
            let (status, took) = await Self.terminate(child)
            return (status, took, child.output)
        }
        #expect(output.contains("waiting for the rate-limit reset at"), "\(output.suffix(2000))")
        #expect(took < Self.allowed, "took \(took) to stop: \(output.suffix(2000))")
        #expect(stopped == 4, "a SIGTERM-ed run exits 4 (interrupted): \(output.suffix(2000))")

        // What was fetched before the limit is stored; the deferred tasks wait on the topic for the next run.
        #expect(try await Self.persisterLag(limited) == 0, "records left unstored on the topics")
        #expect(try await limited.counts().repositories > 0)
        let ledger = try CollectionLedger(path: limited.stateDirectory + "/collections.db")
        #expect(try await ledger.unfinished().count == 1, "the interrupted collection is resumable")
    }

    /// Records on the topics the SQLite persister has not stored.
    static func persisterLag(_ harness: PipelineHarness) async throws -> Int64 {
        let configuration = harness.pipelineConfiguration(baseURL: "http://127.0.0.1")
        let log = try EmbeddedLog(configuration: configuration.embeddedLog)
        let lag = try await log.lag(
            group: configuration.persister.group, topics: SQLitePersister.consumedTopics(configuration.topics))
        try await log.close()
        return lag
    }

    @Test func aCollectionRetryingAGitHub5xxStopsWithin10SecondsAndTheNextRunCompletesExactly() async throws {
        let directory = try TemporaryDirectory("ghstats-shutdown")
        defer { directory.remove() }
        // Each repository's review comments fail three times: retried, never dead-lettered (5 attempts).
        let faults = (1...8).map {
            FaultRule(path: "/repos/sim-org/repo-0\($0)/pulls/comments", kind: .status(503), times: 3)
        }
        let harness = PipelineHarness(
            directory: directory, simulator: Self.simulator(seed: 23, rateLimit: .generous, faults: faults))
        let binary = try ProjectPaths.executable("ghstats")
        let (stopped, took, output, final, finalOutput) = try await harness.simulator.withRunning(logger: .quiet) {
            url in
            let child = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url), directory: directory.url,
                name: "retrying")
            try await Self.waitFor("a retry of a 503") {
                child.output.contains("GitHub call failed; retrying") || !child.isRunning
            }
            let (status, took) = await Self.terminate(child)
            #expect(try await Self.persisterLag(harness) == 0, "records left unstored on the topics")
            let again = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url), directory: directory.url,
                name: "again")
            return (status, took, child.output, await again.waitForExit(), again.output)
        }
        #expect(output.contains("GitHub call failed; retrying"), "the fault was never hit: \(output.suffix(2000))")
        #expect(took < Self.allowed, "took \(took) to stop: \(output.suffix(2000))")
        #expect(stopped == 4 || stopped == 0, "\(output.suffix(2000))")
        #expect(final == 0, "\(finalOutput.suffix(2000))")
        let expected = harness.simulator.expectedCounts(since: nil)
        let counts = try await harness.counts()
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        #expect(try await SQLiteStore(path: harness.databasePath).deadLetters(collectionID: nil).isEmpty)
    }

    /// The roles on librdkafka's mock cluster, with the simulator running.
    static func withRoles<T: Sendable>(
        _ harness: PipelineHarness,
        _ body:
            @escaping @Sendable (
                KafkaMockCluster, _ start: @Sendable (String, [String]) throws -> ChildProcess
            ) async throws -> T
    ) async throws -> T {
        let cluster = try KafkaMockCluster()
        defer { cluster.stop() }
        for spec in PipelineConfiguration().topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let ghstats = try ProjectPaths.executable("ghstats")
        let directory = harness.directory.url
        return try await harness.simulator.withRunning(logger: .quiet) { url in
            let common =
                PipelineHarness.kafkaFlags(cluster.bootstrap) + ["--env-file", harness.directory.path("no.env")]
            return try await body(cluster) { name, arguments in
                try ChildProcess(
                    executable: ghstats,
                    arguments: arguments + common + harness.roleFlags(arguments[0], apiURL: url)
                        + (arguments[0] == "fetch" ? ["--pull-request-source", "rest"] : []),
                    directory: directory, name: name)
            }
        }
    }

    @Test(.requires(.kafkaMock)) func aKafkaFetcherWhoseClusterIsGoneStopsWithin10SecondsWithoutCommitting()
        async throws
    {
        let directory = try TemporaryDirectory("ghstats-shutdown")
        defer { directory.remove() }
        let harness = PipelineHarness(directory: directory, simulator: Self.simulator(seed: 25, rateLimit: .generous))
        let (status, took, output) = try await Self.withRoles(harness) { cluster, start in
            let fetch = try start("fetch", ["fetch", "--state-dir", directory.path("fetch")])
            let produce = try start("produce", ["produce", "--org", "sim-org", "--days", "3650", "--no-wait"])
            #expect(await produce.waitForExit(timeout: .seconds(60)) == 0, "produce: \(produce.output)")
            try await Self.waitFor("the fetcher to call GitHub") {
                harness.simulator.requestCount > 20 || !fetch.isRunning
            }
            cluster.stop()
            // Its publishes now wait for acknowledgements that never come (librdkafka would wait 300 s).
            var calls = harness.simulator.requestCount
            let stallDeadline = ContinuousClock.now + .seconds(30)
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                let now = harness.simulator.requestCount
                if now == calls { break }
                calls = now
            } while ContinuousClock.now < stallDeadline && fetch.isRunning
            let (status, took) = await Self.terminate(fetch)
            return (status, took, fetch.output)
        }
        #expect(took < Self.allowed, "took \(took) to stop: \(output.suffix(2000))")
        #expect(status == 0, "a stopped role exits 0: \(output.suffix(2000))")
    }

    @Test(.requires(.kafkaMock)) func aPersisterStoppedMidBatchKeepsWhatItStoredAndTheNextOneCompletesExactly()
        async throws
    {
        let directory = try TemporaryDirectory("ghstats-shutdown")
        defer { directory.remove() }
        let harness = PipelineHarness(directory: directory, simulator: Self.simulator(seed: 27, rateLimit: .generous))
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)
        let (first, took, output, stored) = try await Self.withRoles(harness) { cluster, start in
            let fetch = try start("fetch", ["fetch", "--state-dir", directory.path("fetch")])
            let produce = try start("produce", ["produce", "--org", "sim-org", "--days", "3650", "--no-wait"])
            #expect(await produce.waitForExit(timeout: .seconds(60)) == 0, "produce: \(produce.output)")
            let persist = try start("persist", ["persist", "--store", "sqlite"])
            try await Self.waitFor("the first stored rows") {
                ((try? await harness.counts().pullRequests) ?? 0) > 0 || !persist.isRunning
            }
            let (status, took) = await Self.terminate(persist)
            let stored = try await harness.counts()
            let again = try start("persist-again", ["persist", "--store", "sqlite"])
            try await Self.waitFor("exact counts", timeout: .seconds(180)) {
                try await harness.counts().matches(expected)
            }
            again.terminate()
            fetch.terminate()
            #expect(await again.waitForExit(timeout: Self.allowed) == 0, "\(again.output.suffix(2000))")
            #expect(await fetch.waitForExit(timeout: Self.allowed) == 0, "\(fetch.output.suffix(2000))")
            return (status, took, persist.output, stored)
        }
        #expect(took < Self.allowed, "took \(took) to stop: \(output.suffix(2000))")
        #expect(first == 0, "a stopped role exits 0: \(output.suffix(2000))")
        #expect(stored.pullRequests > 0)
        let counts = try await harness.counts()
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
    }
}

import EventLog
import Foundation
import GitHubSimulator
import KafkaLog
import Logging
import Pipeline
import Store
import TestSupport
import Testing

/// The roles as processes on Kafka (librdkafka's mock cluster, 3 brokers, in its own process).
@Suite(.serialized) struct KafkaPipelineTests {
    static func waitFor(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else {
                throw MockClusterError(reason: "timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test(.requires(.kafkaMock)) func processesShareTheWorkAndSurviveAKilledFetcherABrokerDownAndRequestErrors()
        async throws
    {
        let harness = try PipelineHarness(repositories: 12, pullRequestsPerRepository: 40, seed: 41)
        defer { harness.remove() }
        let cluster = try KafkaMockCluster()
        defer { cluster.stop() }
        let pipeline = PipelineConfiguration()
        for spec in pipeline.topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let ghstats = try ProjectPaths.executable("ghstats")
        let directory = harness.directory.url
        let expected = harness.simulator.expectedCounts(since: PipelineHarness.everything.since)

        let (processes, counts) = try await harness.simulator.withRunning(logger: .quiet) { url in
            let common = PipelineHarness.kafkaFlags(cluster.bootstrap)
            func start(_ name: String, _ arguments: [String]) throws -> ChildProcess {
                try ChildProcess(
                    executable: ghstats, arguments: arguments + common + harness.roleFlags(arguments[0], apiURL: url),
                    directory: directory, name: name)
            }
            var processes = [
                try start("persist-1", ["persist", "--store", "sqlite"]),
                try start("persist-2", ["persist", "--store", "sqlite"]),
                try start("fetch-1", ["fetch", "--state-dir", harness.directory.path("fetch-1")]),
                try start("fetch-2", ["fetch", "--state-dir", harness.directory.path("fetch-2")]),
            ]
            let produce = try start("produce", ["produce", "--org", "sim-org", "--days", "3650", "--no-wait"])
            #expect(await produce.waitForExit(timeout: .seconds(60)) == 0, "produce: \(produce.output)")

            // Mid-run: a fetcher killed outright, a broker down for seconds, injected request errors.
            try await Self.waitFor("first pull requests", timeout: .seconds(60)) {
                try await harness.counts().pullRequests > 0
            }
            await processes[2].killHard()
            try cluster.send("down 1")
            try cluster.send("errors 0 6 3")  // Produce: NOT_LEADER_OR_FOLLOWER
            try cluster.send("errors 8 27 2")  // OffsetCommit: REBALANCE_IN_PROGRESS
            try await Task.sleep(for: .seconds(3))
            try cluster.send("up 1")
            processes[2] = try start("fetch-1-again", ["fetch", "--state-dir", harness.directory.path("fetch-1")])

            try await Self.waitFor("exact counts", timeout: .seconds(180)) {
                try await harness.counts().matches(expected)
            }
            // The restarted fetcher rejoins its group and is given partitions (perhaps after the work is done).
            let restarted = processes[2]
            try await Self.waitFor("the restarted fetcher to rejoin", timeout: .seconds(60)) {
                restarted.output.contains("partitions assigned")
            }
            let log = try KafkaLog(configuration: cluster.configuration(), logger: .quiet)
            // The last commits follow the last rows: give them a moment.
            var (fetchLag, persistLag) = (Int64(-1), Int64(-1))
            let deadline = ContinuousClock.now + .seconds(30)
            repeat {
                fetchLag = try await log.lag(group: pipeline.fetcher.group, topics: [pipeline.topics.tasks])
                persistLag = try await log.lag(
                    group: pipeline.persister.group, topics: SQLitePersister.consumedTopics(pipeline.topics))
                if fetchLag == 0 && persistLag == 0 { break }
                try await Task.sleep(for: .milliseconds(200))
            } while ContinuousClock.now < deadline
            try await log.close()
            #expect(fetchLag == 0 && persistLag == 0, "lag: fetch \(fetchLag), persist \(persistLag)")
            for process in processes { process.terminate() }
            for process in processes {
                let status = await process.waitForExit(timeout: .seconds(30))
                #expect(
                    status == 0,
                    "\(process.outputPath) did not stop cleanly (\(String(describing: status))): \(process.output.suffix(1500))"
                )
            }
            return (processes, try await harness.counts())
        }
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        #expect(try await SQLiteStore(path: harness.databasePath).deadLetters(collectionID: nil).isEmpty)
        // Both processes of each role took part: each was assigned partitions of its group.
        for process in processes {
            #expect(process.output.contains("partitions assigned"), "\(process.outputPath) never got partitions")
        }
    }
}

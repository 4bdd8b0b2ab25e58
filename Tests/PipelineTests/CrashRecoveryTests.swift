import Collector
import Foundation
import GitHubSimulator
import Logging
import TestSupport
import Testing

/// The `ghstats` executable killed with SIGKILL mid-run and started again: nothing lost, nothing duplicated.
@Suite(.serialized) struct CrashRecoveryTests {
    static func collectArguments(_ harness: PipelineHarness, url: String) -> [String] {
        [
            "collect", "--org", "sim-org", "--api-url", url, "--days", "3650", "--db", harness.databasePath,
            "--state-dir", harness.stateDirectory, "--env-file", harness.directory.path("no.env"),
        ]
    }

    @Test func aRunKilledAtRandomPointsAndRestartedEndsWithExactCounts() async throws {
        let harness = try PipelineHarness(repositories: 20, pullRequestsPerRepository: 100, seed: 11)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let expected = harness.simulator.expectedCounts(since: nil)
        let (kills, finishedAlone, finalStatus, finalOutput) = try await harness.simulator.withRunning(logger: .quiet) {
            url in
            var kills = 0
            var finishedAlone: [Int32?] = []
            for round in 0..<3 {
                let child = try ChildProcess(
                    executable: binary, arguments: Self.collectArguments(harness, url: url),
                    directory: harness.directory.url, name: "run-\(round)")
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...2_500)))
                if child.isRunning {
                    await child.killHard()
                    kills += 1
                } else {
                    finishedAlone.append(await child.waitForExit())
                }
            }
            let final = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url),
                directory: harness.directory.url, name: "final")
            let status = await final.waitForExit()
            return (kills, finishedAlone, status, final.output)
        }
        #expect(kills >= 1, "no run was still going when the kill came")
        #expect(finalStatus == 0, "final run failed: \(finalOutput)")
        let counts = try await harness.counts()
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        #expect(counts.deadLetters == 0)
        let ledger = try CollectionLedger(path: harness.stateDirectory + "/collections.db")
        let collections = try await ledger.all()
        // A killed run is resumed by the next one; only a run that finished makes the next start a new collection.
        #expect(finishedAlone.allSatisfy { $0 == 0 })
        #expect(collections.count == 1 + finishedAlone.count, "restarts must resume the interrupted collection")
        #expect(collections.allSatisfy { $0.status == .completed })
    }

    @Test func resumeByCollectionIDFinishesWithoutRedoingFinishedTasks() async throws {
        // How many requests one uninterrupted collection of this org takes.
        let reference = try PipelineHarness(repositories: 6, pullRequestsPerRepository: 80, seed: 5)
        defer { reference.remove() }
        let fullRun = try await reference.simulator.withRunning(logger: .quiet) { url in
            _ = try await reference.collect(baseURL: url, logger: .quiet)
            return reference.simulator.requestCount
        }

        let harness = try PipelineHarness(repositories: 6, pullRequestsPerRepository: 80, seed: 5)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let (beforeKill, afterResume, status, output) = try await harness.simulator.withRunning(logger: .quiet) { url in
            let child = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url),
                directory: harness.directory.url, name: "interrupted")
            while harness.simulator.requestCount < fullRun / 2 && child.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            await child.killHard()
            let beforeKill = harness.simulator.requestCount
            let ledger = try CollectionLedger(path: harness.stateDirectory + "/collections.db")
            let id = try #require(try await ledger.unfinished().first?.id)
            let resume = try ChildProcess(
                executable: binary,
                arguments: [
                    "resume", "--collection-id", id, "--api-url", url, "--db", harness.databasePath, "--state-dir",
                    harness.stateDirectory, "--env-file", harness.directory.path("no.env"),
                ],
                directory: harness.directory.url, name: "resume")
            let status = await resume.waitForExit()
            return (beforeKill, harness.simulator.requestCount, status, resume.output)
        }
        #expect(status == 0, "resume failed: \(output)")
        #expect(output.contains("completed"))
        let counts = try await harness.counts()
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        let resumed = afterResume - beforeKill
        #expect(resumed < fullRun * 3 / 4, "resume made \(resumed) requests; a full run makes \(fullRun)")
    }

    @Test func sigtermStopsGracefullyAndTheNextRunCompletesTheCollection() async throws {
        let harness = try PipelineHarness(repositories: 10, pullRequestsPerRepository: 100, seed: 13)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let (stopped, stoppedOutput, final, finalOutput) = try await harness.simulator.withRunning(logger: .quiet) {
            url in
            let child = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url),
                directory: harness.directory.url, name: "terminated")
            while harness.simulator.requestCount < 300 && child.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(child.process.processIdentifier, SIGTERM)
            let stopped = await child.waitForExit(timeout: .seconds(30))
            let again = try ChildProcess(
                executable: binary, arguments: Self.collectArguments(harness, url: url),
                directory: harness.directory.url, name: "again")
            let final = await again.waitForExit()
            return (stopped, child.output, final, again.output)
        }
        #expect(stopped == 4, "a SIGTERM-ed run exits 4 (interrupted): \(stoppedOutput)")
        #expect(stoppedOutput.contains("interrupted") && stoppedOutput.contains("ghstats resume --collection-id"))
        #expect(final == 0, "\(finalOutput)")
        #expect(finalOutput.contains("resuming interrupted collection"))
        let counts = try await harness.counts()
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
    }
}

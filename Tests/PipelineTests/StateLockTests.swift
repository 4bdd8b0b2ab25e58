import Collector
import Foundation
import TestSupport
import Testing

/// One process at a time on a state directory: a second one is refused, naming the holder; readers need no lock.
@Suite struct StateLockTests {
    @Test func aSecondCollectOnALockedStateDirExitsNamingTheHolderAndTheDir() async throws {
        let directory = try TemporaryDirectory("ghstats-lock")
        defer { directory.remove() }
        let state = directory.path("state")
        // This test process holds the lock, as a running collect would.
        try StateDirectoryLock.acquire(directory: state)
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: [
                "collect", "--org", "sim-org", "--api-url", "http://127.0.0.1:1", "--days", "1",
                "--db", directory.path("ghstats.db"), "--state-dir", state, "--env-file", directory.path("no.env"),
            ],
            directory: directory.url, name: "second")
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status == 1, "\(child.output)")
        #expect(child.output.contains("in use by process \(getpid())"), "\(child.output)")
        #expect(child.output.contains(state), "\(child.output)")
        #expect(!FileManager.default.fileExists(atPath: state + "/collections.db"), "nothing opened before the lock")
    }

    @Test func aSchedulerOnALockedStateDirExitsAtOnceInsteadOfRetryingEachInterval() async throws {
        let directory = try TemporaryDirectory("ghstats-lock")
        defer { directory.remove() }
        let state = directory.path("state")
        try StateDirectoryLock.acquire(directory: state)
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: [
                "scheduled", "--org", "sim-org", "--api-url", "http://127.0.0.1:1", "--interval", "6h",
                "--db", directory.path("ghstats.db"), "--state-dir", state, "--env-file", directory.path("no.env"),
                "--metrics-address", "off",
            ],
            directory: directory.url, name: "scheduled")
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status == 1, "\(child.output)")
        #expect(child.output.contains("in use by process \(getpid())"), "\(child.output)")
    }

    @Test func statusReadsALockedStateDir() async throws {
        let directory = try TemporaryDirectory("ghstats-lock")
        defer { directory.remove() }
        let state = directory.path("state")
        try StateDirectoryLock.acquire(directory: state)
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: ["status", "--state-dir", state, "--env-file", directory.path("no.env")],
            directory: directory.url, name: "status")
        let status = await child.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "\(child.output)")
    }

    @Test func takingTheLockAgainInTheSameProcessIsANoOp() throws {
        let directory = try TemporaryDirectory("ghstats-lock")
        defer { directory.remove() }
        try StateDirectoryLock.acquire(directory: directory.path("state"))
        try StateDirectoryLock.acquire(directory: directory.path("state"))
    }
}

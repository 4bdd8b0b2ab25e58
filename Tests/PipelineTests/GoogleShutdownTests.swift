import EventLog
import Foundation
import GHRecords
import TestSupport
import Testing

@testable import Pipeline

/// A persister calling (and retrying) an unreachable Google endpoint stops promptly on SIGTERM.
@Suite struct GoogleShutdownTests {
    @Test func aGCSPersisterCallingAnUnreachableEndpointExitsWithinTenSecondsOfSIGTERM() async throws {
        let directory = try TemporaryDirectory("ghstats-gcs-term")
        defer { directory.remove() }
        let state = directory.path("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let log = try EmbeddedLog(configuration: .init(path: state + "/log.db"))
        try await log.createTopics(PipelineConfiguration().topicSpecs)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let events = (1...3).map { index in
            GitHubEvent(
                id: "9\(index)", type: "PushEvent", actorLogin: "dev", actorId: 1, org: "acme", repo: "api", repoId: 7,
                orgLogin: "acme", isPublic: true, createdAt: created.addingTimeInterval(Double(index)), payload: "{}")
        }
        try await log.publish(
            try events.map {
                try MessageFactory(topics: TopicNames()).record($0, collectionID: "c", fetchedAt: created)
            })
        try await log.close()
        let child = try ChildProcess(
            executable: try ProjectPaths.executable("ghstats"),
            arguments: ["persist", "--store", "gcs", "--state-dir", state, "--env-file", directory.path("no.env")],
            directory: directory.url, name: "persist",
            environment: [
                "PERSIST_TO_GCS": "true", "STORAGE_EMULATOR_HOST": "http://127.0.0.1:1", "GCS_CHUNK_SIZE": "1",
            ])
        let deadline = ContinuousClock.now + .seconds(60)
        while !child.output.contains("listening"), child.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(child.isRunning, "\(child.output)")
        // Time for the persister to reach its first upload, which waits on the closed port.
        try await Task.sleep(for: .seconds(3))
        child.terminate()
        let status = await child.waitForExit(timeout: .seconds(10))
        if status == nil { await child.killHard() }
        #expect(status != nil, "still running 10 s after SIGTERM: \(child.output)")
    }
}

import Foundation
import Pipeline
import TestSupport
import Testing

/// `ghstats status` on Kafka (librdkafka's mock cluster): every lag at once, and a broker down costs seconds.
@Suite(.serialized) struct StatusCommandTests {
    @Test(.requires(.kafkaMock)) func statusWithABrokerDownAnswersWithinSecondsNamingWhatItCannotRead() async throws {
        let directory = try TemporaryDirectory("ghstats-status")
        defer { directory.remove() }
        let cluster = try KafkaMockCluster(brokers: 3)
        defer { cluster.stop() }
        let ghstats = try ProjectPaths.executable("ghstats")
        func status(_ name: String) async throws -> (code: Int32?, output: String, seconds: Double) {
            let started = ContinuousClock.now
            let child = try ChildProcess(
                executable: ghstats,
                arguments: [
                    "status", "--brokers", cluster.bootstrap, "--timeout", "2",
                    "--env-file", directory.path("no.env"),
                ],
                directory: directory.url, name: name)
            let code = await child.waitForExit(timeout: .seconds(120))
            let elapsed = ContinuousClock.now - started
            return (code, child.output, Double(elapsed.components.seconds))
        }

        // Before any producer has run, a topic that does not exist yet holds nothing behind: not an error.
        let fresh = try await status("status-fresh")
        #expect(fresh.code == 0, "\(fresh.output)")
        #expect(fresh.output.contains("not created yet") && !fresh.output.contains("unavailable"), "\(fresh.output)")

        for spec in PipelineConfiguration().topicSpecs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        let healthy = try await status("status-up")
        #expect(healthy.code == 0, "\(healthy.output)")
        #expect(healthy.output.contains("(all)") && !healthy.output.contains("unavailable"), "\(healthy.output)")

        try cluster.send("down 1")
        let degraded = try await status("status-down")
        #expect(degraded.code == 1, "a lag that cannot be read fails the command: \(degraded.output)")
        #expect(degraded.output.contains("unavailable"), "\(degraded.output)")
        #expect(degraded.output.contains("could not be read"), "\(degraded.output)")
        // One request timeout (2 s) per round, not one per partition and topic (90 s and more before).
        #expect(degraded.seconds < 30, "status took \(degraded.seconds) s with a broker down")
    }
}

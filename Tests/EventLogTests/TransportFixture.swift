import EventLog
import Foundation
import KafkaLog
import Logging
import TestSupport
import Testing

/// One transport under the conformance suite: how to open it (again), what it promises, and what it needs.
struct TransportFixture: Sendable, CustomTestStringConvertible {
    let name: String
    /// Publish and commit happen in one transaction.
    let atomicPublishAndCommit: Bool
    /// Groups and members can be moved to the first offset at a time (OffsetsForTimes; librdkafka's mock has none).
    var seeksByTime = true
    /// The end offsets (high watermarks) are exact: lag and `.latest` can be asserted (Tansu's can be too low).
    var exactEndOffsets = true
    /// Parts outside the package it needs: absent, its cases are skipped (failed under CI).
    var parts: [ExternalPart] = []
    /// Opens the same log again (a restart); each call returns a new handle to the same data.
    let open: @Sendable (_ directory: TemporaryDirectory) async throws -> any EventLog

    var testDescription: String { name }

    /// Skips the running case when a part is absent (fails it under CI).
    func require() throws {
        for part in parts { try part.require() }
    }

    static let embedded = TransportFixture(name: "embedded", atomicPublishAndCommit: true) { directory in
        try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: directory.path("log.db")))
    }

    /// The embedded log with its in-memory tail of recent messages off: every read goes to the file.
    static let embeddedFromFile = TransportFixture(name: "embedded (reads from the file)", atomicPublishAndCommit: true)
    {
        directory in
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        configuration.recentMessagesBytes = 0
        return try EmbeddedLog(configuration: configuration)
    }

    static let kafkaMock = TransportFixture(
        name: "kafka (mock cluster, 3 brokers)", atomicPublishAndCommit: false, seeksByTime: false, parts: [.kafkaMock]
    ) { directory in
        let cluster = try MockClusters.cluster(for: directory)
        return MockClusterLog(
            cluster: cluster, log: try KafkaLog(configuration: cluster.configuration(), logger: .quiet))
    }

    /// Tansu 0.6: CreateTopics and OffsetsForTimes, but high watermarks that can be too low.
    static let tansu = TransportFixture(
        name: "kafka (Tansu)", atomicPublishAndCommit: false, exactEndOffsets: false, parts: [.tansu]
    ) { directory in
        try KafkaLog(configuration: TansuBrokers.broker(for: directory).configuration(), logger: .quiet)
    }

    /// Every transport. Tansu needs librdkafka 2.1 or later: under CI, a pass with bookworm's 2.0.2 leaves it to
    /// `scripts/test`'s pass with librdkafka 2.8 (elsewhere it is listed, and skipped with the reason).
    static let all: [TransportFixture] =
        [.embedded, .embeddedFromFile, .kafkaMock]
        + (TansuBroker.libraryIsRecentEnough || !ExternalPart.mustRunEverything ? [.tansu] : [])
}

/// The transports the conformance suite runs against here, as the test report shows them: a case of an absent
/// transport is cancelled, which the console lists as passed.
@Suite struct TransportFixtureTests {
    /// Skipped with the reason where Tansu is absent; a failure under CI with a librdkafka that can talk to it.
    @Test(.enabled(if: TransportFixture.all.contains { $0.name == TransportFixture.tansu.name }), .requires(.tansu))
    func theConformanceSuiteRunsAgainstTansu() throws {
        try ExternalPart.tansu.require()
    }
}

import EventLog
import Testing
import Foundation
import KafkaLog
import Logging
import TestSupport

/// One transport under the conformance suite: how to open it (again) and what it promises.
struct TransportFixture: Sendable, CustomTestStringConvertible {
    let name: String
    /// Publish and commit happen in one transaction.
    let atomicPublishAndCommit: Bool
    /// Groups can be moved to the first offset at a time (OffsetsForTimes; librdkafka's mock has none).
    var seeksByTime = true
    /// Opens the same log again (a restart); each call returns a new handle to the same data.
    let open: @Sendable (_ directory: TemporaryDirectory) async throws -> any EventLog

    var testDescription: String { name }

    static let embedded = TransportFixture(name: "embedded", atomicPublishAndCommit: true) { directory in
        try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: directory.path("log.db")))
    }

    /// The embedded log with its in-memory tail of recent messages off: every read goes to the file.
    static let embeddedFromFile = TransportFixture(name: "embedded (reads from the file)", atomicPublishAndCommit: true) {
        directory in
        var configuration = EmbeddedLogConfiguration(path: directory.path("log.db"))
        configuration.recentMessagesBytes = 0
        return try EmbeddedLog(configuration: configuration)
    }

    static let kafkaMock = TransportFixture(name: "kafka (mock cluster, 3 brokers)", atomicPublishAndCommit: false, seeksByTime: false) {
        directory in
        let cluster = try MockClusters.cluster(for: directory)
        return MockClusterLog(cluster: cluster, log: try KafkaLog(configuration: cluster.configuration(), logger: .quiet))
    }

    static let all: [TransportFixture] = [.embedded, .embeddedFromFile, .kafkaMock]
}

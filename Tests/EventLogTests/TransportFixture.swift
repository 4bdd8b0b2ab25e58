import EventLog
import Testing
import Foundation
import TestSupport

/// One transport under the conformance suite: how to open it (again) and what it promises.
struct TransportFixture: Sendable, CustomTestStringConvertible {
    let name: String
    /// Publish and commit happen in one transaction.
    let atomicPublishAndCommit: Bool
    /// Opens the same log again (a restart); each call returns a new handle to the same data.
    let open: @Sendable (_ directory: TemporaryDirectory) async throws -> any EventLog

    var testDescription: String { name }

    static let embedded = TransportFixture(name: "embedded", atomicPublishAndCommit: true) { directory in
        try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: directory.path("log.db")))
    }

    static let all: [TransportFixture] = [.embedded]
}

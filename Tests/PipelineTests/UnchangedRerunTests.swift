import EventLog
import Foundation
import GHRecords
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Pipeline

/// A collection of an organisation that has not changed publishes nothing and writes nothing; a change travels
/// once.
@Suite(.serialized) struct UnchangedRerunTests {
    /// Every message on the record topics, read from the start by a group of its own.
    static func recordMessages(_ harness: PipelineHarness) async throws -> [LogMessage] {
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let reader = try await log.makeConsumer(
            ConsumerSubscription(group: "reader-\(UUID().uuidString)", topics: TopicNames().allRecordTopics))
        var messages: [LogMessage] = []
        while case let batch = try await reader.poll(maxMessages: 5_000, timeout: .milliseconds(500)), !batch.isEmpty {
            messages += batch
        }
        await reader.close()
        try await log.close()
        return messages
    }

    @Test(.requires(.cloudEmulators)) func anUnchangedRerunAddsNoMessageAndNoObjectAndAChangeTravelsOnce()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 10)
        let harness = try PipelineHarness(repositories: 4, pullRequestsPerRepository: 40, seed: 9)
        defer { harness.remove() }
        let window = CollectionWindow.days(3650)
        let (first, second, third) = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.cloud = cloud.stores
            let runner = CollectionRunner(configuration: configuration, logger: .quiet)
            func run() async throws -> (messages: [LogMessage], objects: Int) {
                let summary = try await runner.collect(organizations: ["sim-org"], window: window)
                #expect(summary.completed)
                return (try await Self.recordMessages(harness), try await cloud.inventory.chunks().count)
            }
            let first = try await run()
            let second = try await run()
            harness.simulator.tick(changes: 12)
            return (first, second, try await run())
        }
        #expect(first.messages.count > 500)
        #expect(second.messages.count == first.messages.count, "an unchanged run published records again")
        #expect(second.objects == first.objects, "an unchanged run wrote chunks")

        // The changed records are published once each: no message repeats an earlier one of its key, and the
        // bucket holds every message once.
        #expect(third.messages.count > second.messages.count)
        let versions = Set(third.messages.map { "\($0.topic) \($0.key) \(String(decoding: $0.value, as: UTF8.self))" })
        #expect(versions.count == third.messages.count)
        let lines = try await GCSExactlyOnceTests.lines(cloud).values.reduce(0) { $0 + $1.count }
        #expect(lines == third.messages.count)
        #expect(third.objects > second.objects)
        let counts = try await harness.counts()
        let expected = harness.simulator.expectedCounts(since: window.since)
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
    }
}

import EventLog
import Foundation
import TestSupport
import Testing

/// The embedded log leaves out a message that repeats its key's latest value, and only that.
@Suite struct UnchangedMessageTests {
    static func record(_ key: String, _ value: String) -> OutgoingMessage {
        OutgoingMessage(topic: "t", key: key, value: Array(value.utf8), skipIfUnchanged: true)
    }

    @Test func aRepeatedValueIsLeftOutAndEveryChangeIsPublished() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish([Self.record("a", "v1"), Self.record("b", "v1")])
        // The same values again, in one batch with a change and a repeat within the batch.
        try await log.publish([Self.record("a", "v1"), Self.record("b", "v2"), Self.record("b", "v2")])
        // Back to an earlier value is a change too; a message without the flag is always published.
        try await log.publish([Self.record("b", "v1"), OutgoingMessage(topic: "t", key: "a", value: Array("v1".utf8))])
        let reader = try await log.makeConsumer(ConsumerSubscription(group: "r", topics: ["t"]))
        let messages = try await EventLogConformanceTests.drain(reader, count: 5, max: 10)
        await reader.close()
        #expect(
            messages.map { "\($0.key ?? "")=\(String(decoding: $0.value, as: UTF8.self))" } == [
                "a=v1", "b=v1", "b=v2", "b=v1", "a=v1",
            ])
        try await log.close()
    }

    @Test func aKeyWhoseLatestMessageRetentionRemovedIsPublishedAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish([Self.record("a", "v1")] + (0..<5).map { Self.record("other\($0)", "x") })
        try await log.resetOffsets(group: "g", topic: "t", to: .latest)
        try await log.applyRetention(.init(age: .seconds(60)), now: Date().addingTimeInterval(3_600))
        #expect(try await log.startOffsets(topic: "t") == [0: 5])
        try await log.publish([Self.record("a", "v1"), Self.record("other4", "x")])
        #expect(try await log.endOffsets(topic: "t") == [0: 7], "a's only copy was gone; other4's is still there")
        try await log.close()
    }
}

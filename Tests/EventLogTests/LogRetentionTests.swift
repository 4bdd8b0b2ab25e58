import EventLog
import Foundation
import TestSupport
import Testing

/// Retention of the embedded log: what every group has read and is old goes; the rest stays.
@Suite struct LogRetentionTests {
    static let later = Date().addingTimeInterval(3_600)

    static func log(_ directory: TemporaryDirectory, messages: Int) async throws -> EmbeddedLog {
        let log = try EmbeddedLog(configuration: .init(path: directory.path("log.db")))
        try await log.createTopics([TopicSpec(name: "t", partitions: 1), TopicSpec(name: "u", partitions: 1)])
        let body = [UInt8](repeating: 42, count: 4_000)
        try await log.publish((0..<messages).map { _ in OutgoingMessage(topic: "t", key: "k", value: body) })
        try await log.publish((0..<messages).map { _ in OutgoingMessage(topic: "u", key: "k", value: body) })
        return log
    }

    @Test func consumedOldMessagesAreDeletedAndTheUnreadOnesOfEveryGroupKept() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await Self.log(directory, messages: 100)
        try await log.resetOffsets(group: "a", topic: "t", to: .offset(80))
        try await log.resetOffsets(group: "b", topic: "t", to: .offset(60))
        let size = { (try? FileManager.default.attributesOfItem(atPath: directory.path("log.db"))[.size] as? Int) ?? 0 }

        let report = try await log.applyRetention(.init(age: .seconds(60)), now: Self.later)
        #expect(report.deletedMessages == 60, "read by both groups: offsets 0..<60")
        #expect(try await log.startOffsets(topic: "t") == [0: 60], "group b's unread messages stay")
        #expect(try await log.startOffsets(topic: "u") == [0: 0], "a topic no group read keeps everything")
        #expect(report.reclaimedPages > 0)
        let afterFirst = size()

        try await log.resetOffsets(group: "b", topic: "t", to: .latest)
        try await log.resetOffsets(group: "a", topic: "t", to: .latest)
        try await log.applyRetention(.init(age: .seconds(60)), now: Self.later)
        #expect(try await log.startOffsets(topic: "t") == [0: 99], "the newest message stays, so offsets go on")
        #expect(size() < afterFirst, "the freed pages went back to the file system")
        try await log.publish([OutgoingMessage(topic: "t", key: "k", value: [1])])
        #expect(try await log.endOffsets(topic: "t") == [0: 101])
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "a", topics: ["t"]))
        let next = try await EventLogConformanceTests.drain(consumer, count: 1, max: 10)
        #expect(next.map(\.offset) == [100])
        await consumer.close()
        try await log.close()
    }

    @Test func youngMessagesARequiredGroupNotSeenYetAndOffKeepEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await Self.log(directory, messages: 10)
        try await log.resetOffsets(group: "a", topic: "t", to: .latest)
        #expect(try await log.applyRetention(.init(age: .seconds(3_600 * 2)), now: Self.later).deletedMessages == 0)
        #expect(try await log.applyRetention(.keepAll, now: Self.later).deletedMessages == 0)
        let required = ["t": ["a", "never-seen"]]
        #expect(
            try await log.applyRetention(.init(age: .seconds(1)), required: required, now: Self.later).deletedMessages
                == 0)
        #expect(try await log.applyRetention(.init(age: .seconds(1)), now: Self.later).deletedMessages == 9)
        try await log.close()
    }
}

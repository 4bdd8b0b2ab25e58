import EventLog
import Foundation
import Synchronization
import TestSupport
import Testing

/// The transport contract, run against every implementation.
@Suite struct EventLogConformanceTests {
    /// Messages received by concurrent members.
    final class Collected: Sendable {
        private let received = Mutex<[LogMessage]>([])
        var distinct: Int { received.withLock { Set($0.map { "\($0.partition)/\($0.offset)" }).count } }
        var messages: [LogMessage] { received.withLock { $0 } }
        func add(_ batch: [LogMessage]) { received.withLock { $0 += batch } }
    }

    static func messages(_ count: Int, topic: String, keys: Int) -> [OutgoingMessage] {
        (0..<count).map { index in
            OutgoingMessage(
                topic: topic, key: "key-\(index % keys)", value: Array("value-\(index)".utf8),
                headers: ["index": "\(index)"])
        }
    }

    /// Polls until `count` messages arrived (or a deadline passed: a minute, for a group joining on a loaded machine).
    static func drain(_ consumer: any EventLogConsumer, count: Int, max: Int = 50) async throws -> [LogMessage] {
        var received: [LogMessage] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while received.count < count && ContinuousClock.now < deadline {
            received += try await consumer.poll(
                maxMessages: Swift.min(max, count - received.count), timeout: .milliseconds(200))
        }
        return received
    }

    @Test(arguments: TransportFixture.all)
    func messagesOfOneKeyStayInOrderOnOnePartition(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 4)])
        try await log.publish(Self.messages(200, topic: "t", keys: 7))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let received = try await Self.drain(consumer, count: 200)
        #expect(received.count == 200)
        let byKey = Dictionary(grouping: received) { $0.key ?? "" }
        #expect(byKey.count == 7)
        for (_, messages) in byKey {
            #expect(Set(messages.map(\.partition)).count == 1)
            let indices = messages.map { Int($0.headers["index"]!)! }
            #expect(indices == indices.sorted())
        }
        #expect(received.first?.headers["index"] != nil)
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func aRestartedGroupResumesFromItsCommittedOffsets(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 3)])
        try await log.publish(Self.messages(90, topic: "t", keys: 9))
        let first = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let committed = try await Self.drain(first, count: 40, max: 40)
        try await first.commit(CommitPositions(after: committed))
        // Polled but never committed: must come again after the restart.
        _ = try await Self.drain(first, count: 20, max: 20)
        await first.close()
        try await log.close()

        log = try await fixture.open(directory)
        let second = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let rest = try await Self.drain(second, count: 50)
        let all = Set((committed + rest).map { $0.headers["index"]! })
        #expect(rest.count == 50)
        #expect(all.count == 90)
        if fixture.exactEndOffsets { #expect(try await log.lag(group: "g", topics: ["t"]) == 50) }
        try await second.commit(CommitPositions(after: rest))
        if fixture.exactEndOffsets { #expect(try await log.lag(group: "g", topics: ["t"]) == 0) }
        #expect(try await log.committedOffsets(group: "g", topic: "t").values.reduce(0, +) == 90)
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func groupsKeepIndependentOffsets(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 2)])
        try await log.publish(Self.messages(30, topic: "t", keys: 3))
        let a = try await log.makeConsumer(ConsumerSubscription(group: "a", topics: ["t"]))
        try await a.commit(CommitPositions(after: try await Self.drain(a, count: 30)))
        let b = try await log.makeConsumer(ConsumerSubscription(group: "b", topics: ["t"]))
        #expect(try await Self.drain(b, count: 30).count == 30)
        #expect(try await log.committedOffsets(group: "a", topic: "t").values.reduce(0, +) == 30)
        #expect(try await log.committedOffsets(group: "b", topic: "t").isEmpty)
        if fixture.exactEndOffsets {
            #expect(try await log.lag(group: "a", topics: ["t"]) == 0)
            #expect(try await log.lag(group: "b", topics: ["t"]) == 30)
        }
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func membersOfOneGroupRunningTogetherReceiveEveryMessage(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 6)])
        try await log.publish(Self.messages(300, topic: "t", keys: 60))
        let collected = Collected()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for member in 0..<3 {
                group.addTask {
                    let consumer = try await log.makeConsumer(
                        ConsumerSubscription(group: "g", topics: ["t"], memberIndex: member, memberCount: 3))
                    let deadline = ContinuousClock.now + .seconds(90)
                    while collected.distinct < 300 && ContinuousClock.now < deadline {
                        let batch = try await consumer.poll(maxMessages: 20, timeout: .milliseconds(100))
                        guard !batch.isEmpty else { continue }
                        collected.add(batch)
                        try await consumer.commit(CommitPositions(after: batch))
                    }
                    await consumer.close()
                }
            }
            try await group.waitForAll()
        }
        let received = collected.messages
        #expect(Set(received.map { "\($0.partition)/\($0.offset)" }).count == 300)
        if fixture.atomicPublishAndCommit {
            #expect(received.count == 300, "a static assignment never hands a message out twice")
        }
        #expect(try await log.committedOffsets(group: "g", topic: "t").values.reduce(0, +) == 300)
        if fixture.exactEndOffsets { #expect(try await log.lag(group: "g", topics: ["t"]) == 0) }
        try await log.close()
    }

    /// Static assignment of the embedded log: members in one process own fixed, disjoint partitions.
    @Test func embeddedMembersOfOneGroupShareThePartitionsWithoutOverlap() async throws {
        let fixture = TransportFixture.embedded
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 6)])
        try await log.publish(Self.messages(300, topic: "t", keys: 60))
        var seen: [[LogMessage]] = []
        for member in 0..<3 {
            let consumer = try await log.makeConsumer(
                ConsumerSubscription(group: "g", topics: ["t"], memberIndex: member, memberCount: 3))
            var received: [LogMessage] = []
            while true {
                let batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(100))
                if batch.isEmpty { break }
                received += batch
            }
            seen.append(received)
        }
        let partitions = seen.map { Set($0.map(\.partition)) }
        #expect(partitions[0].isDisjoint(with: partitions[1]) && partitions[1].isDisjoint(with: partitions[2]))
        #expect(seen.reduce(0) { $0 + $1.count } == 300)
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func resettingAGroupReplaysFromEarliestOffsetOrTime(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish(Self.messages(10, topic: "t", keys: 1))
        try await Task.sleep(for: .milliseconds(50))
        let between = Date()
        try await Task.sleep(for: .milliseconds(50))
        try await log.publish(Self.messages(5, topic: "t", keys: 1))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        try await consumer.commit(CommitPositions(after: try await Self.drain(consumer, count: 15)))
        await consumer.close()
        #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 15)

        try await log.resetOffsets(group: "g", topic: "t", to: .earliest)
        #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 0)
        if fixture.exactEndOffsets {
            // An offset is kept within the partition's first and next offsets (Tansu's next can be too low).
            try await log.resetOffsets(group: "g", topic: "t", to: .offset(12))
            #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 12)
        }
        if fixture.seeksByTime {
            try await log.resetOffsets(group: "g", topic: "t", to: .timestamp(between))
        } else {
            try await log.resetOffsets(group: "g", topic: "t", to: .offset(10))
        }
        #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 10)
        let replay = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let replayed = try await Self.drain(replay, count: 5)
        #expect(replayed.map(\.offset) == [10, 11, 12, 13, 14])
        await replay.close()
        if fixture.exactEndOffsets {
            try await log.resetOffsets(group: "g", topic: "t", to: .latest)
            #expect(try await log.lag(group: "g", topics: ["t"]) == 0)
            #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 15)
        }
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func publishAndCommitMakesOutputAndPositionVisibleTogether(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "in", partitions: 2), TopicSpec(name: "out", partitions: 2)])
        try await log.publish(Self.messages(10, topic: "in", keys: 10))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["in"]))
        let batch = try await Self.drain(consumer, count: 10)
        let outputs = batch.map { OutgoingMessage(topic: "out", key: $0.key ?? "", value: $0.value) }
        try await consumer.publishAndCommit(outputs, positions: CommitPositions(after: batch))
        #expect(try await log.committedOffsets(group: "g", topic: "in").values.reduce(0, +) == 10)
        if fixture.exactEndOffsets {
            #expect(try await log.lag(group: "g", topics: ["in"]) == 0)
            #expect(try await log.endOffsets(topic: "out").values.reduce(0, +) == 10)
        } else {
            let out = try await log.makeConsumer(ConsumerSubscription(group: "reader", topics: ["out"]))
            #expect(try await Self.drain(out, count: 10).count == 10)
        }
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func publishingToAMissingTopicFailsNamingIt(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        await #expect {
            try await log.publish([OutgoingMessage(topic: "nope", key: "k", value: [1])])
        } throws: { error in
            guard let error = error as? EventLogError else { return false }
            return error.code == .unknownTopic && "\(error)".contains("nope")
        }
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func concurrentPublishersGetDistinctOffsets(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 2)])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for batch in 0..<10 {
                        try await log.publish(
                            (0..<10).map { OutgoingMessage(topic: "t", key: "w\(writer)-\(batch)-\($0)", value: [1]) })
                    }
                }
            }
            try await group.waitForAll()
        }
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let received = try await Self.drain(consumer, count: 800, max: 500)
        #expect(received.count == 800)
        #expect(Set(received.map { "\($0.partition)/\($0.offset)" }).count == 800)
        try await log.close()
    }

    @Test(arguments: TransportFixture.all)
    func pollWithNothingNewReturnsEmptyAfterItsTimeout(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let started = ContinuousClock.now
        let batch = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(150))
        #expect(batch.isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(140))
        try await log.close()
    }
}

@Suite struct EmbeddedHeaderTests {
    @Test(arguments: [
        [:], ["ghstats-schema": "pull_request/1", "ghstats-collection-id": "c1", "empty": ""],
        ["odd\u{1F}name": "x", "plain": "y"], ["{json-like": "1"], ["k": "value with \u{1E} separator"],
    ])
    func headersSurviveTheEmbeddedLogAsTheyWere(headers: [String: String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: directory.path("log.db")))
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish([OutgoingMessage(topic: "t", key: "k", value: [1], headers: headers)])
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let received = try await consumer.poll(maxMessages: 1, timeout: .seconds(1))
        #expect(received.first?.headers == headers)
        try await log.close()
    }
}

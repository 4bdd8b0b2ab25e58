import EventLog
import Foundation
import TestSupport
import Testing

/// Where members start and move: start positions of a group with no commit, and `seek`, on every transport.
extension EventLogConformanceTests {
    /// Ten messages, a moment, then five more on one partition of `t`; the moment between.
    static func tenThenFive(_ log: any EventLog) async throws -> Date {
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish(Self.messages(10, topic: "t", keys: 1))
        try await Task.sleep(for: .milliseconds(50))
        let between = Date()
        try await Task.sleep(for: .milliseconds(50))
        try await log.publish(Self.messages(5, topic: "t", keys: 1))
        return between
    }

    /// The first messages a member receives, publishing one at a time until some arrive: a member starting at
    /// the end sees only what was published after it joined (whenever the join completes).
    static func firstArrivals(
        _ consumer: any EventLogConsumer, publishingTo log: any EventLog
    ) async throws -> [LogMessage] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            try await log.publish(Self.messages(1, topic: "t", keys: 1))
            let batch = try await consumer.poll(maxMessages: 100, timeout: .milliseconds(500))
            if !batch.isEmpty { return batch }
        }
        return []
    }

    @Test(.timeLimit(.minutes(5)), arguments: TransportFixture.all)
    func aGroupWithNoCommitStartsAtTheEarliestAnOffsetATimeOrTheEnd(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        let between = try await Self.tenThenFive(log)
        func first(_ count: Int, group: String, from start: SeekPosition) async throws -> [Int64] {
            let consumer = try await log.makeConsumer(
                ConsumerSubscription(group: group, topics: ["t"], startWhenUncommitted: start))
            let offsets = try await Self.drain(consumer, count: count, max: count).map(\.offset)
            await consumer.close()
            return offsets
        }
        #expect(try await first(3, group: "earliest", from: .earliest) == [0, 1, 2])
        if fixture.exactEndOffsets {
            // An offset is kept within the partition's first and next offsets (Tansu's next can be too low).
            #expect(try await first(3, group: "offset", from: .offset(12)) == [12, 13, 14])
        }
        if fixture.seeksByTime {
            #expect(try await first(5, group: "time", from: .timestamp(between)) == [10, 11, 12, 13, 14])
        }
        if fixture.exactEndOffsets {
            for (group, start) in [("latest", SeekPosition.latest), ("beyond", .offset(1_000))] {
                let consumer = try await log.makeConsumer(
                    ConsumerSubscription(group: group, topics: ["t"], startWhenUncommitted: start))
                let arrived = try await Self.firstArrivals(consumer, publishingTo: log)
                #expect(
                    !arrived.isEmpty && arrived.allSatisfy { $0.offset >= 15 }, "\(start): \(arrived.map(\.offset))")
                await consumer.close()
            }
        }
        await #expect(throws: EventLogError.self) {
            _ = try await log.makeConsumer(
                ConsumerSubscription(group: "negative", topics: ["t"], startWhenUncommitted: .offset(-1)))
        }

        // A group that committed resumes from its commit, wherever its subscription would start it.
        let committing = try await log.makeConsumer(ConsumerSubscription(group: "committed", topics: ["t"]))
        try await committing.commit(CommitPositions(after: try await Self.drain(committing, count: 7, max: 7)))
        await committing.close()
        #expect(try await first(2, group: "committed", from: .latest) == [7, 8])
        try await log.close()
    }

    @Test(.timeLimit(.minutes(5)), arguments: TransportFixture.all)
    func seekMovesAMembersPositionToTheEarliestAnOffsetATimeOrTheEndButNotItsCommit(
        fixture: TransportFixture
    ) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        let between = try await Self.tenThenFive(log)
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let all = try await Self.drain(consumer, count: 15)
        #expect(all.map(\.offset) == Array(0..<15))
        try await consumer.commit(CommitPositions(after: all.prefix(4)))
        let partition = TopicPartition(topic: "t", partition: 0)

        try await consumer.seek(partition, to: .offset(3))
        #expect(try await Self.drain(consumer, count: 2, max: 2).map(\.offset) == [3, 4])
        try await consumer.seek(partition, to: .earliest)
        #expect(try await Self.drain(consumer, count: 3, max: 3).map(\.offset) == [0, 1, 2])
        if fixture.seeksByTime {
            try await consumer.seek(partition, to: .timestamp(between))
            #expect(try await Self.drain(consumer, count: 2, max: 2).map(\.offset) == [10, 11])
        }
        if fixture.exactEndOffsets {
            var next: Int64 = 15
            for position in [SeekPosition.latest, .offset(1_000)] {
                try await consumer.seek(partition, to: position)
                #expect(try await consumer.poll(maxMessages: 10, timeout: .milliseconds(300)).isEmpty, "\(position)")
                try await log.publish(Self.messages(1, topic: "t", keys: 1))
                #expect(try await Self.drain(consumer, count: 1).map(\.offset) == [next], "\(position)")
                next += 1
            }
        }
        #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == 4, "a seek commits nothing")

        for (position, target) in [
            (SeekPosition.earliest, TopicPartition(topic: "t", partition: 7)), (.offset(-1), partition),
        ] {
            let error = await #expect(throws: EventLogError.self, "\(position) in \(target)") {
                try await consumer.seek(target, to: position)
            }
            #expect(error?.code == .invalidArgument)
        }
        await consumer.close()
        try await log.close()
    }
}

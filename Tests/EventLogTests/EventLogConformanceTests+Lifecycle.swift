import EventLog
import Foundation
import TestSupport
import Testing

/// Close, cancellation and use after close, on every transport.
extension EventLogConformanceTests {
    /// Waits for `task` at most `limit`; nil (and the task cancelled) when it has not finished by then.
    static func wait<T: Sendable>(for task: Task<T, any Error>, atMost limit: Duration) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await task.value }
            group.addTask {
                try? await Task.sleep(for: limit)
                task.cancel()
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Waits until `condition` holds, checking every 10 ms until the deadline (a minute: a group joining on a loaded
    /// machine); false when it never did.
    static func eventually(
        within limit: Duration = .seconds(60), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    /// Expects `call` to throw an `EventLogError` with code `.closed`.
    static func expectClosed(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ call: () async throws -> Void
    ) async {
        let error = await #expect(throws: EventLogError.self, Comment(rawValue: what), sourceLocation: sourceLocation) {
            try await call()
        }
        #expect(
            error?.code == .closed, "\(what): \(error.map { "\($0)" } ?? "no error")", sourceLocation: sourceLocation)
    }

    /// A task that commits every batch it iterates over, counting the batches.
    static func committingIteration(_ consumer: any EventLogConsumer, into seen: Collected) -> Task<Int, any Error> {
        Task {
            var batches = 0
            for try await batch in consumer.batches(maxMessages: 7) {
                try await consumer.commit(CommitPositions(after: batch))
                seen.add(batch)
                batches += 1
            }
            return batches
        }
    }

    @Test(.timeLimit(.minutes(3)), arguments: TransportFixture.all)
    func closingAConsumerMidIterationEndsItsBatchesAndKeepsItsCommits(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 2)])
        try await log.publish(Self.messages(30, topic: "t", keys: 6))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let seen = Collected()
        let iteration = Self.committingIteration(consumer, into: seen)
        // Every message handled and committed; the iteration is waiting for more.
        #expect(await Self.eventually { seen.distinct == 30 })
        await consumer.close()
        let batches = try await Self.wait(for: iteration, atMost: .seconds(10))
        #expect(batches != nil, "the iteration ended when its consumer closed")
        #expect(try await log.committedOffsets(group: "g", topic: "t").values.reduce(0, +) == 30)
        try await log.close()
    }

    @Test(.timeLimit(.minutes(3)), arguments: TransportFixture.all)
    func closingTheLogMidIterationEndsItsConsumersBatchesAndKeepsTheirCommits(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 2)])
        try await log.publish(Self.messages(30, topic: "t", keys: 6))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let seen = Collected()
        let iteration = Self.committingIteration(consumer, into: seen)
        #expect(await Self.eventually { seen.distinct == 30 })
        try await log.close()
        let batches = try await Self.wait(for: iteration, atMost: .seconds(10))
        #expect(batches != nil, "the iteration ended when the log closed")

        log = try await fixture.open(directory)
        #expect(try await log.committedOffsets(group: "g", topic: "t").values.reduce(0, +) == 30)
        let restarted = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        #expect(try await restarted.poll(maxMessages: 10, timeout: .seconds(2)).isEmpty, "nothing is delivered again")
        try await log.close()
    }

    @Test(.timeLimit(.minutes(3)), arguments: TransportFixture.all)
    func cancellingTheIteratingTaskEndsItPromptlyCommittingNothingItHeld(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish(Self.messages(10, topic: "t", keys: 1))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let seen = Collected()
        let firstBatch = Collected()
        let iteration = Task {
            var batches = 0
            // A poll timeout far longer than the test waits: cancellation must not wait for it.
            for try await batch in consumer.batches(maxMessages: 5, pollTimeout: .seconds(120)) {
                if batches == 0 {
                    try await consumer.commit(CommitPositions(after: batch))
                    firstBatch.add(batch)
                }
                seen.add(batch)
                batches += 1
            }
            return batches
        }
        #expect(await Self.eventually { seen.distinct == 10 })
        let cancelled = ContinuousClock.now
        iteration.cancel()
        let batches = try await Self.wait(for: iteration, atMost: .seconds(10))
        #expect(batches ?? 0 >= 2, "the iteration ended without an error")
        #expect(ContinuousClock.now - cancelled < .seconds(5))

        let committed = try #require(firstBatch.messages.map(\.offset).max()) + 1
        #expect(try await log.committedOffsets(group: "g", topic: "t")[0] == committed)
        await consumer.close()
        // What was polled but never committed comes again to the partition's next member.
        let restarted = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let again = try await Self.drain(restarted, count: Int(10 - committed))
        #expect(again.map(\.offset) == Array(committed..<10))
        try await log.close()
    }

    @Test(.timeLimit(.minutes(3)), arguments: TransportFixture.all)
    func callsAfterCloseThrowClosedPromptly(fixture: TransportFixture) async throws {
        try fixture.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try await fixture.open(directory)
        try await log.createTopics([TopicSpec(name: "t", partitions: 1)])
        try await log.publish(Self.messages(6, topic: "t", keys: 1))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["t"]))
        let batch = try await Self.drain(consumer, count: 3, max: 3)
        let partition = TopicPartition(topic: "t", partition: 0)
        let started = ContinuousClock.now

        await consumer.close()
        await Self.expectClosed("poll") { _ = try await consumer.poll(maxMessages: 1, timeout: .seconds(1)) }
        await Self.expectClosed("commit") { try await consumer.commit(CommitPositions(after: batch)) }
        await Self.expectClosed("publishAndCommit") {
            try await consumer.publishAndCommit(
                [OutgoingMessage(topic: "t", key: "k", value: [1])], positions: CommitPositions(after: batch))
        }
        await Self.expectClosed("seek") { try await consumer.seek(partition, to: .earliest) }
        for try await _ in consumer.batches(maxMessages: 1) { Issue.record("a closed consumer's batches end at once") }
        await consumer.close()
        #expect(try await log.committedOffsets(group: "g", topic: "t").isEmpty, "nothing committed after close")

        let other = try await log.makeConsumer(ConsumerSubscription(group: "other", topics: ["t"]))
        let otherBatch = try await Self.drain(other, count: 1, max: 1)
        try await log.close()
        await Self.expectClosed("log publish") { try await log.publish(Self.messages(1, topic: "t", keys: 1)) }
        await Self.expectClosed("log createTopics") {
            try await log.createTopics([TopicSpec(name: "u", partitions: 1)])
        }
        await Self.expectClosed("log makeConsumer") {
            _ = try await log.makeConsumer(ConsumerSubscription(group: "h", topics: ["t"]))
        }
        await Self.expectClosed("log endOffsets") { _ = try await log.endOffsets(topic: "t") }
        await Self.expectClosed("log committedOffsets") { _ = try await log.committedOffsets(group: "g", topic: "t") }
        await Self.expectClosed("log resetOffsets") {
            try await log.resetOffsets(group: "g", topic: "t", to: .earliest)
        }
        await Self.expectClosed("poll of the log's consumer") {
            _ = try await other.poll(maxMessages: 1, timeout: .seconds(1))
        }
        await Self.expectClosed("commit of the log's consumer") {
            try await other.commit(CommitPositions(after: otherBatch))
        }
        try await log.close()
        await other.close()
        #expect(ContinuousClock.now - started < .seconds(30), "no call waited long")
    }
}

/// A member of a consumer group: polls messages from its partitions and commits positions.
///
/// Commit only after a batch's effect is durable: committed offsets are the resume checkpoints.
public protocol EventLogConsumer: AnyObject, Sendable {
    var subscription: ConsumerSubscription { get }
    /// Up to `maxMessages` messages, waiting at most `timeout` for any; empty when none arrived.
    func poll(maxMessages: Int, timeout: Duration) async throws -> [LogMessage]
    /// Commits the group's positions.
    func commit(_ positions: CommitPositions) async throws
    /// Publishes `messages` and then commits `positions`; the embedded log does both in one transaction.
    func publishAndCommit(_ messages: [OutgoingMessage], positions: CommitPositions) async throws
    /// Moves this consumer's position in one of its partitions (not the committed offset).
    func seek(_ partition: TopicPartition, to offset: Int64) async throws
    /// Leaves the group.
    func close() async
}

extension EventLogConsumer {
    /// Non-empty batches of messages as an `AsyncSequence`; pulling is the back-pressure.
    /// Ends when the surrounding task is cancelled.
    public func batches(maxMessages: Int, pollTimeout: Duration = .milliseconds(200)) -> ConsumerBatches {
        ConsumerBatches(consumer: self, maxMessages: maxMessages, pollTimeout: pollTimeout)
    }
}

/// Batches polled from a consumer, one poll per `next()`.
public struct ConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [LogMessage]
    let consumer: any EventLogConsumer
    let maxMessages: Int
    let pollTimeout: Duration

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: any EventLogConsumer
        let maxMessages: Int
        let pollTimeout: Duration

        public mutating func next() async throws -> [LogMessage]? {
            while !Task.isCancelled {
                let batch = try await consumer.poll(maxMessages: maxMessages, timeout: pollTimeout)
                if !batch.isEmpty { return batch }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(consumer: consumer, maxMessages: maxMessages, pollTimeout: pollTimeout)
    }
}

/// A member of a consumer group: polls messages from its partitions and commits positions.
///
/// Commit only after a batch's effect is durable: committed offsets are the resume checkpoints. Once the consumer
/// or its log is closed, every call but `close` throws an `EventLogError` with code `.closed`.
public protocol EventLogConsumer: AnyObject, Sendable {
    var subscription: ConsumerSubscription { get }
    /// Up to `maxMessages` messages, waiting at most `timeout` for any; empty when none arrived, or at once when the
    /// calling task is cancelled.
    func poll(maxMessages: Int, timeout: Duration) async throws -> [LogMessage]
    /// Commits the group's positions.
    func commit(_ positions: CommitPositions) async throws
    /// Publishes `messages` and then commits `positions`; the embedded log does both in one transaction.
    func publishAndCommit(_ messages: [OutgoingMessage], positions: CommitPositions) async throws
    /// Moves this member's read position in one of its partitions; the committed offset stays where it was.
    /// An offset is kept within the partition's first and next offsets; a time with no message at or after it
    /// means the end. Throws `.invalidArgument` for a partition the member does not own or a negative offset.
    func seek(_ partition: TopicPartition, to position: SeekPosition) async throws
    /// Leaves the group; polled but uncommitted messages go to the partitions' next owner.
    func close() async
}

extension EventLogConsumer {
    /// Non-empty batches of messages as an `AsyncSequence`; pulling is the back-pressure.
    /// Ends when the surrounding task is cancelled or the consumer (or its log) is closed.
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
                let batch: [LogMessage]
                do {
                    batch = try await consumer.poll(maxMessages: maxMessages, timeout: pollTimeout)
                } catch let error as EventLogError where error.code == .closed {
                    return nil
                } catch is CancellationError {
                    return nil
                }
                if !batch.isEmpty { return batch }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(consumer: consumer, maxMessages: maxMessages, pollTimeout: pollTimeout)
    }
}

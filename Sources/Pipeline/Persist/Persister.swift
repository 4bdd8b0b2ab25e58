import EventLog
import GHRecords
import Logging
import ServiceLifecycle
import Telemetry

/// A persister stage, one consumer group per store: reads its topics in batches, hands each batch to its sink,
/// then publishes what the sink refused as dead letters and commits the batch's offsets. A batch redelivered after
/// a lost commit goes to the sink again, which must leave one copy of each record.
public struct Persister<Sink: PersisterSink>: Service {
    public typealias Configuration = Sink.Configuration

    let log: any EventLog
    let sink: Sink
    let topics: TopicNames
    let configuration: Configuration

    package init(log: any EventLog, sink: Sink, topics: TopicNames, configuration: Configuration) {
        self.log = log
        self.sink = sink
        self.topics = topics
        self.configuration = configuration
    }

    /// Every topic this persister consumes.
    public static func consumedTopics(_ topics: TopicNames) -> [String] { Sink.consumedTopics(topics) }

    public func run() async throws {
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: configuration.group, topics: Self.consumedTopics(topics)))
        do {
            for try await batch in consumer.batches(maxMessages: configuration.batchSize).cancelOnGracefulShutdown() {
                try await PipelineMetrics.timingWrite(batch, store: Sink.name) {
                    try await persist(batch, consumer: consumer)
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    func persist(_ batch: [LogMessage], consumer: any EventLogConsumer) async throws {
        let positions = CommitPositions(after: batch)
        let refused = try await sink.write(batch, group: configuration.group, positions: positions)
        try await consumer.publishAndCommit(refused, positions: positions)
    }
}

/// A store a `Persister` writes: one batch at a time, idempotently.
public protocol PersisterSink: Sendable {
    associatedtype Configuration: PersisterConfiguration
    /// The store's name in metrics and dead-letter errors.
    static var name: String { get }
    /// The topics the store takes.
    static func consumedTopics(_ topics: TopicNames) -> [String]
    /// Writes `batch`, consumed by `group` up to `positions`; returns the dead letters of the messages it refused.
    func write(_ batch: [LogMessage], group: String, positions: CommitPositions) async throws -> [OutgoingMessage]
}

/// What every persister's settings hold.
public protocol PersisterConfiguration: Sendable {
    /// The consumer group.
    var group: String { get }
    /// Messages per batch at most.
    var batchSize: Int { get }
}

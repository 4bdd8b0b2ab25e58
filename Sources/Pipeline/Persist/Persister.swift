import EventLog
import GHRecords
import Logging
import ServiceLifecycle
import Telemetry

/// A persister stage, one consumer group per store: reads its topics in batches, hands each batch to its sink,
/// then publishes what the sink refused as dead letters and commits the batch's offsets (or, for a sink that holds
/// records back across batches, the offsets it settles). A batch redelivered after a lost commit goes to the sink
/// again, which must leave one copy of each record.
///
/// Batches move through three steps at once: while one is written and committed, the next is prepared (decoded) and
/// the one after it polled, so the store's thread, the decoding and the log's reads do not take turns.
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

    /// A polled batch and what the sink made of it.
    struct ReadyBatch: Sendable {
        let messages: [LogMessage]
        let prepared: Sink.Prepared
    }

    /// What one of a round's concurrent steps gave.
    enum StepResult: Sendable {
        case written
        case prepared(ReadyBatch)
        case polled([LogMessage]?)
    }

    public func run() async throws {
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: configuration.group, topics: Self.consumedTopics(topics)))
        await sink.restart()
        do {
            var (ready, polled, reading): (ReadyBatch?, [LogMessage]?, Bool) = (nil, nil, true)
            // Each round writes the prepared batch, prepares the polled one and polls the next, all at once; the
            // first error cancels the others. A round with a batch in hand polls only what is there already, so
            // quiet topics never hold back its writing; batches in hand are still written once polling stops.
            while (reading || ready != nil || polled != nil) && !Task.isCancelled {
                let (writing, preparing) = (ready, polled)
                let wait = writing == nil && preparing == nil
                if wait { try await flush(consumer) }
                (ready, polled, reading) = try await withThrowingTaskGroup(of: StepResult.self) { group in
                    if let writing {
                        group.addTask {
                            try await persist(writing, consumer: consumer)
                            return .written
                        }
                    }
                    if let preparing {
                        group.addTask { .prepared(ReadyBatch(messages: preparing, prepared: sink.prepare(preparing))) }
                    }
                    if reading {
                        group.addTask { .polled(try await poll(consumer, waiting: wait)) }
                    }
                    var next: (ReadyBatch?, [LogMessage]?, Bool) = (nil, nil, reading)
                    while let result = try await group.next() {
                        switch result {
                        case .written: break
                        case .prepared(let batch): next.0 = batch
                        case .polled(nil): next.2 = false
                        case .polled(let batch?): next.1 = batch.isEmpty ? nil : batch
                        }
                    }
                    return next
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// The next batch: waiting for a non-empty one, or only what has arrived already (maybe none); nil once the
    /// consumer is closed, the task cancelled or the service asked to shut down gracefully.
    func poll(_ consumer: any EventLogConsumer, waiting: Bool) async throws -> [LogMessage]? {
        let maxMessages = configuration.batchSize
        guard waiting else {
            guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return nil }
            do {
                return try await consumer.poll(maxMessages: maxMessages, timeout: .zero)
            } catch let error as EventLogError where error.code == .closed {
                return nil
            }
        }
        let messages: [LogMessage]? = try await cancelWhenGracefulShutdown {
            var batches = consumer.batches(maxMessages: maxMessages).makeAsyncIterator()
            return try await batches.next()
        }
        return Task.isCancelled ? nil : messages
    }

    func persist(_ batch: ReadyBatch, consumer: any EventLogConsumer) async throws {
        try await PipelineMetrics.timingWrite(batch.messages, store: Sink.name) {
            let positions = CommitPositions(after: batch.messages)
            if let settled = try await sink.write(batch.prepared, group: configuration.group, positions: positions) {
                try await consumer.publishAndCommit(settled.deadLetters, positions: settled.positions)
            }
        }
    }

    /// Writes what the sink holds back and commits it, before an idle wait.
    func flush(_ consumer: any EventLogConsumer) async throws {
        if let settled = try await sink.flush() {
            try await consumer.publishAndCommit(settled.deadLetters, positions: settled.positions)
        }
    }
}

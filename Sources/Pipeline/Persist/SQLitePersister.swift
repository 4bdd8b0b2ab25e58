import EventLog
import Foundation
import GHRecords
import Logging
import ServiceLifecycle
import Store
import Telemetry

/// The SQLite persister stage (group `ghstats-sqlite`): batches record messages into upserts, writes the
/// consumed offsets (`sink_offsets`, what the store holds) in the same transaction, then commits the group's
/// offsets. A batch redelivered after a lost commit rewrites the same rows: upserts by natural key, never older.
public struct SQLitePersister: Service {
    /// Settings of the SQLite persister.
    public struct Configuration: Sendable {
        /// The consumer group. Default `ghstats-sqlite`.
        public var group: String
        /// Messages per transaction at most. Default 5,000 (fewer, larger transactions: SQLite writes faster).
        public var batchSize: Int

        public init() {
            self.group = "ghstats-sqlite"
            self.batchSize = 5_000
        }
    }

    let log: any EventLog
    let store: SQLiteStore
    let topics: TopicNames
    let configuration: Configuration
    let logger: Logger

    public init(
        log: any EventLog, store: SQLiteStore, topics: TopicNames = .init(), configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.log = log
        self.store = store
        self.topics = topics
        self.configuration = configuration
        self.logger = logger
    }

    /// Every topic this persister consumes: record topics and both dead-letter topics.
    public static func consumedTopics(_ topics: TopicNames) -> [String] {
        topics.allRecordTopics + [topics.deadLetters, topics.recordDeadLetters]
    }

    public func run() async throws {
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: configuration.group, topics: Self.consumedTopics(topics)))
        do {
            for try await batch in consumer.batches(maxMessages: configuration.batchSize).cancelOnGracefulShutdown() {
                try await PipelineMetrics.timingWrite(batch, store: "sqlite") { try await persist(batch, consumer: consumer) }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    func persist(_ batch: [LogMessage], consumer: any EventLogConsumer) async throws {
        var records: [any StoredRecord] = []
        var deadLetters: [DeadLetter] = []
        var rejected: [OutgoingMessage] = []
        let factory = MessageFactory(topics: topics)
        for message in batch {
            if message.topic == topics.deadLetters || message.topic == topics.recordDeadLetters {
                deadLetters.append(Self.deadLetter(from: message))
                continue
            }
            do {
                records.append(try Self.decodeRecord(message, topics: topics))
            } catch {
                logger.error(
                    "record message is not valid; dead-lettered",
                    metadata: [LogMetadataKeys.topic: "\(message.topic)", LogMetadataKeys.offset: "\(message.offset)",
                               LogMetadataKeys.error: "\(error)"])
                rejected.append(factory.deadLetter(message, reason: "invalid_record", error: "\(error)", attempts: 1))
            }
        }
        let positions = CommitPositions(after: batch)
        try await store.write(records, deadLetters: deadLetters, group: configuration.group, positions: positions)
        try await consumer.publishAndCommit(rejected, positions: positions)
    }

    package static func decodeRecord(_ message: LogMessage, topics: TopicNames) throws -> any StoredRecord {
        switch topics.recordType(ofTopic: message.topic) {
        case .repository?: return try RecordCoding.decode(Repository.self, from: message.value)
        case .pullRequest?: return try RecordCoding.decode(PullRequest.self, from: message.value)
        case .commit?: return try RecordCoding.decode(Commit.self, from: message.value)
        case .review?: return try RecordCoding.decode(Review.self, from: message.value)
        case .reviewComment?: return try RecordCoding.decode(ReviewComment.self, from: message.value)
        case .issueComment?: return try RecordCoding.decode(IssueComment.self, from: message.value)
        case .event?: return try RecordCoding.decode(GitHubEvent.self, from: message.value)
        case .ghArchiveHour?: return try RecordCoding.decode(GHArchiveHourRecord.self, from: message.value)
        default: throw InvalidRecordMessage(message, reason: "no record type this build stores")
        }
    }

    static func deadLetter(from message: LogMessage) -> DeadLetter {
        let payload = String(decoding: message.value, as: UTF8.self)
        let subject =
            (try? RecordCoding.decode(FetchTask.self, from: message.value))?.summary ?? message.key ?? "?"
        return DeadLetter(
            topic: message.topic, partition: message.partition, offset: message.offset,
            collectionID: message.headers[MessageHeaders.collectionID], subject: subject,
            reason: message.headers[MessageHeaders.deadLetterReason] ?? "unknown",
            error: message.headers[MessageHeaders.deadLetterError] ?? "",
            attempts: message.headers[MessageHeaders.deadLetterAttempts].flatMap(Int.init), payload: payload)
    }
}

import EventLog
import Foundation
import GHRecords
import Logging
import Store
import Telemetry

/// The SQLite persister (group `ghstats-sqlite`): upserts by natural key, never older, with the consumed offsets
/// (`sink_offsets`, what the store holds) written in the same transaction as the rows.
public typealias SQLitePersister = Persister<SQLiteSink>

extension Persister where Sink == SQLiteSink {
    public init(
        log: any EventLog, store: SQLiteStore, topics: TopicNames = .init(), configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.init(
            log: log, sink: SQLiteSink(store: store, topics: topics, logger: logger), topics: topics,
            configuration: configuration)
    }
}

/// Writes a batch's records and the dead letters on the dead-letter topics to the SQLite store.
public struct SQLiteSink: PersisterSink {
    /// Settings of the SQLite persister.
    public struct Configuration: PersisterConfiguration {
        /// The consumer group. Default `ghstats-sqlite`.
        public var group = "ghstats-sqlite"
        /// Messages per transaction at most. Default 5,000 (fewer, larger transactions: SQLite writes faster).
        public var batchSize = 5_000

        public init() {}
    }

    public static let name = "sqlite"

    let store: SQLiteStore
    let topics: TopicNames
    let logger: Logger

    /// Record topics and both dead-letter topics.
    public static func consumedTopics(_ topics: TopicNames) -> [String] {
        topics.allRecordTopics + [topics.deadLetters, topics.recordDeadLetters]
    }

    /// A batch's records encoded as rows, the dead letters it carries, and the dead letters of messages that hold no
    /// valid record.
    public struct Prepared: Sendable {
        var records = StoredRows([])
        var deadLetters: [DeadLetter] = []
        var refused: [OutgoingMessage] = []
    }

    public func prepare(_ batch: [LogMessage]) -> Prepared {
        var prepared = Prepared()
        let factory = MessageFactory(topics: topics)
        var records: [any StoredRecord] = []
        records.reserveCapacity(batch.count)
        for message in batch {
            if message.topic == topics.deadLetters || message.topic == topics.recordDeadLetters {
                prepared.deadLetters.append(Self.deadLetter(from: message))
                continue
            }
            do {
                records.append(try RecordMessageDecoder.storedRecord(message, topics: topics))
            } catch {
                logger.error(
                    "record message is not valid; dead-lettered",
                    metadata: [
                        LogMetadataKeys.topic: "\(message.topic)", LogMetadataKeys.offset: "\(message.offset)",
                        LogMetadataKeys.error: "\(error)",
                    ])
                prepared.refused.append(
                    factory.deadLetter(message, reason: "invalid_record", error: "\(error)", attempts: 1))
            }
        }
        prepared.records = StoredRows(records)
        return prepared
    }

    public func write(_ batch: Prepared, group: String, positions: CommitPositions) async throws -> Settlement? {
        try await store.write(batch.records, deadLetters: batch.deadLetters, group: group, positions: positions)
        return Settlement(deadLetters: batch.refused, positions: positions)
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

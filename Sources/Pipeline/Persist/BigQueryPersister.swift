import CloudStore
import EventLog
import Foundation
import GHRecords
import GoogleCloud
import Logging
import ServiceLifecycle
import Telemetry

/// The BigQuery persister stage (group `ghstats-bigquery`): each batch is staged per table and MERGEd on the
/// natural key (`BigQueryWriter`); rows BigQuery rejects are dead-lettered with its message, the rest land;
/// then the batch's offsets are committed.
public struct BigQueryPersister: Service {
    /// Settings of the BigQuery persister.
    public struct Configuration: Sendable {
        /// The consumer group. Default `ghstats-bigquery`.
        public var group: String = "ghstats-bigquery"
        /// Streaming inserts or load jobs (`BIGQUERY_WRITE_MODE`). Default `stream`.
        public var mode: BigQueryWriter.Mode = .stream
        /// Messages per batch at most (each batch costs a MERGE per table). Default 5,000.
        public var batchSize: Int = 5_000

        public init() {}
    }

    let log: any EventLog
    let writer: BigQueryWriter
    let topics: TopicNames
    let configuration: Configuration
    let logger: Logger

    public init(
        log: any EventLog, writer: BigQueryWriter, topics: TopicNames = .init(), configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.log = log
        self.writer = writer
        self.topics = topics
        self.configuration = configuration
        self.logger = logger
    }

    /// The record topics.
    public static func consumedTopics(_ topics: TopicNames) -> [String] { topics.allRecordTopics }

    public func run() async throws {
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: configuration.group, topics: Self.consumedTopics(topics)))
        do {
            for try await batch in consumer.batches(maxMessages: configuration.batchSize).cancelOnGracefulShutdown() {
                try await PipelineMetrics.timingWrite(batch, store: "bigquery") { try await persist(batch, consumer: consumer) }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    func persist(_ batch: [LogMessage], consumer: any EventLogConsumer) async throws {
        var (rows, rejected) = RecordMessageDecoder(topics: topics, store: "bigquery").decode(batch)
        let messages = Dictionary(batch.map { ($0.topic + "#\($0.partition)@\($0.offset)", $0) }, uniquingKeysWith: { a, _ in a })
        let factory = MessageFactory(topics: topics)
        rows.sort { ($0.message.partition, $0.message.offset) < ($1.message.partition, $1.message.offset) }
        let byTable = Dictionary(grouping: rows, by: { $0.table.tableId })
        for tableID in byTable.keys.sorted() {
            let tableRows = byTable[tableID] ?? []
            let outcome = try await writer.write(tableRows, mode: configuration.mode)
            for (index, reason) in outcome.rejected.sorted(by: { $0.key < $1.key }) {
                let source = tableRows[index].message
                guard let message = messages[source.topic + "#\(source.partition)@\(source.offset)"] else { continue }
                logger.error(
                    "BigQuery rejected a row; dead-lettered",
                    metadata: [LogMetadataKeys.topic: "\(source.topic)", LogMetadataKeys.offset: "\(source.offset)",
                               "bq.table": "\(tableID)", LogMetadataKeys.error: "\(reason)"])
                rejected.append(factory.deadLetter(message, reason: "bigquery_rejected", error: reason, attempts: 1))
            }
        }
        try await consumer.publishAndCommit(rejected, positions: CommitPositions(after: batch))
    }
}

import CloudStore
import EventLog
import GHRecords
import Logging
import Telemetry

/// The BigQuery persister (group `ghstats-bigquery`): each batch is staged per table and MERGEd on the natural
/// key (`BigQueryWriter`); rows BigQuery rejects are dead-lettered with its message, the rest land.
public typealias BigQueryPersister = Persister<BigQuerySink>

extension Persister where Sink == BigQuerySink {
    public init(
        log: any EventLog, writer: BigQueryWriter, topics: TopicNames = .init(), configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.init(
            log: log, sink: BigQuerySink(writer: writer, topics: topics, mode: configuration.mode, logger: logger),
            topics: topics, configuration: configuration)
    }
}

/// Merges a batch's records into their BigQuery tables.
public struct BigQuerySink: PersisterSink {
    /// Settings of the BigQuery persister.
    public struct Configuration: PersisterConfiguration {
        /// The consumer group. Default `ghstats-bigquery`.
        public var group = "ghstats-bigquery"
        /// Streaming inserts or load jobs (`BIGQUERY_WRITE_MODE`). Default `stream`.
        public var mode: BigQueryWriter.Mode = .stream
        /// Messages per batch at most (each batch costs a MERGE per table). Default 5,000.
        public var batchSize = 5_000

        public init() {}
    }

    public static let name = "bigquery"

    let writer: BigQueryWriter
    let topics: TopicNames
    let mode: BigQueryWriter.Mode
    let logger: Logger

    /// The record topics.
    public static func consumedTopics(_ topics: TopicNames) -> [String] { topics.allRecordTopics }

    public func prepare(_ batch: [LogMessage]) -> CloudBatch {
        RecordMessageDecoder(topics: topics, store: Self.name).decode(batch)
    }

    public func write(_ batch: CloudBatch, group: String, positions: CommitPositions) async throws -> Settlement? {
        var (rows, refused) = (batch.rows, batch.refused)
        let factory = MessageFactory(topics: topics)
        rows.sort { ($0.message.partition, $0.message.offset) < ($1.message.partition, $1.message.offset) }
        let byTable = Dictionary(grouping: rows, by: { $0.table.tableId })
        for tableID in byTable.keys.sorted() {
            let tableRows = byTable[tableID] ?? []
            let outcome = try await writer.write(tableRows, mode: mode)
            for (index, reason) in outcome.rejected.sorted(by: { $0.key < $1.key }) {
                let message = tableRows[index].message
                logger.error(
                    "BigQuery rejected a row; dead-lettered",
                    metadata: [
                        LogMetadataKeys.topic: "\(message.topic)", LogMetadataKeys.offset: "\(message.offset)",
                        "bq.table": "\(tableID)", LogMetadataKeys.error: "\(reason)",
                    ])
                refused.append(factory.deadLetter(message, reason: "bigquery_rejected", error: reason, attempts: 1))
            }
        }
        return Settlement(deadLetters: refused, positions: positions)
    }
}

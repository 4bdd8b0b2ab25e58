import CloudStore
import EventLog
import GHRecords
import GoogleCloud
import Logging
import ServiceLifecycle

/// The cloud stores an in-process pipeline fills beside SQLite, each by its own persister group.
public struct CloudStores: Sendable {
    /// The GCS persister's client and settings, when chunks are written.
    public var gcs: (client: GCSClient, configuration: GCSPersister.Configuration)?
    /// The BigQuery persister's writer and settings, when BigQuery is written.
    public var bigQuery: (writer: BigQueryWriter, configuration: BigQueryPersister.Configuration)?

    public init() {}

    /// The groups of the cloud persisters turned on and the topics they consume.
    package func stageGroups(_ topics: TopicNames) -> [(group: String, topics: [String])] {
        (gcs.map { [($0.configuration.group, GCSPersister.consumedTopics(topics))] } ?? [])
            + (bigQuery.map { [($0.configuration.group, BigQueryPersister.consumedTopics(topics))] } ?? [])
    }

    /// The persisters and the groups/topics they consume, for a pipeline on `log`.
    package func persisters(
        log: any EventLog, topics: TopicNames, logger: Logger
    ) -> [(service: any Service, group: String, topics: [String])] {
        var stages: [(service: any Service, group: String, topics: [String])] = []
        if let gcs {
            stages.append(
                (
                    GCSPersister(
                        log: log, storage: gcs.client, topics: topics, configuration: gcs.configuration, logger: logger),
                    gcs.configuration.group, GCSPersister.consumedTopics(topics)
                ))
        }
        if let bigQuery {
            stages.append(
                (
                    BigQueryPersister(
                        log: log, writer: bigQuery.writer, topics: topics, configuration: bigQuery.configuration,
                        logger: logger),
                    bigQuery.configuration.group, BigQueryPersister.consumedTopics(topics)
                ))
        }
        return stages
    }
}

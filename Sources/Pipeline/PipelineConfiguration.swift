import EventLog
import GHRecords
import GitHubAPI

/// Settings of a whole in-process pipeline: where state and data live, topics, and each stage.
public struct PipelineConfiguration: Sendable {
    /// Folder of the embedded log (`log.db`) and the collection ledger (`collections.db`). Default `.ghstats`.
    public var stateDirectory: String
    /// The SQLite store. Default `ghstats.db`.
    public var databasePath: String
    /// Topic names. Default prefix `ghstats`.
    public var topics: TopicNames
    /// Partitions of the tasks topic; bounds the fetchers' parallelism. Default 8.
    public var taskPartitions: Int32
    /// Partitions of each record topic. Default 4.
    public var recordPartitions: Int32
    /// Replication factor of topics created on a broker. Default 1.
    public var topicReplication: Int16
    public var fetcher: FetcherConfiguration
    public var persister: SQLitePersister.Configuration
    public var github: GitHubClientConfiguration
    /// Whether pages are requested again with their `etag` from `responses.db` (304s are free) and listings stop
    /// at the watermarks of earlier complete passes (`watermarks.db`). Default true; false reads every window whole.
    public var conditionalRequests: Bool
    /// GCS and BigQuery, filled beside SQLite by their own persister groups. Default none.
    public var cloud: CloudStores
    /// How long the embedded log keeps consumed messages. Default 7 days.
    public var logRetention: LogRetention
    /// Bounds of `responses.db`. Default 30 days and 256 MiB.
    public var responseCacheLimits: ResponseCacheLimits

    public init(github: GitHubClientConfiguration = .init()) {
        self.stateDirectory = ".ghstats"
        self.databasePath = "ghstats.db"
        self.topics = TopicNames()
        self.taskPartitions = 8
        self.recordPartitions = 4
        self.topicReplication = 1
        self.fetcher = FetcherConfiguration()
        self.persister = SQLitePersister.Configuration()
        self.github = github
        self.conditionalRequests = true
        self.cloud = CloudStores()
        self.logRetention = .default
        self.responseCacheLimits = ResponseCacheLimits()
    }

    public var logPath: String { stateDirectory + "/log.db" }
    /// The embedded log of the state directory.
    public var embeddedLog: EmbeddedLogConfiguration { EmbeddedLogConfiguration(path: logPath) }
    public var ledgerPath: String { stateDirectory + "/collections.db" }
    public var responseCachePath: String { stateDirectory + "/responses.db" }
    public var watermarksPath: String { stateDirectory + "/watermarks.db" }

    /// Every topic the pipeline uses, with its partition count.
    public var topicSpecs: [TopicSpec] {
        let replication = topicReplication
        return [
            TopicSpec(name: topics.tasks, partitions: taskPartitions, replicationFactor: replication),
            TopicSpec(name: topics.deadLetters, partitions: 1, replicationFactor: replication),
            TopicSpec(name: topics.recordDeadLetters, partitions: 1, replicationFactor: replication),
        ]
            + topics.allRecordTopics.map {
                TopicSpec(name: $0, partitions: recordPartitions, replicationFactor: replication)
            }
    }
}

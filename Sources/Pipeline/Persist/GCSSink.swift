import CloudStore
import EventLog
import Foundation
import GHRecords
import GoogleCloud
import Logging

/// The GCS persister (group `ghstats-gcs`): batches record messages into NDJSON chunk objects (one record's JSON
/// per line, loadable into BigQuery as it is), uploaded create-only.
public typealias GCSPersister = Persister<GCSSink>

extension Persister where Sink == GCSSink {
    public init(
        log: any EventLog, storage: GCSClient, topics: TopicNames = .init(), configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.init(
            log: log, sink: GCSSink(storage: storage, topics: topics, configuration: configuration, logger: logger),
            topics: topics, configuration: configuration)
    }
}

/// Uploads records as chunk objects filled toward `chunkSize` across batches; offsets are committed once every
/// record up to them is in the bucket.
public struct GCSSink: PersisterSink {
    /// Settings of the GCS persister.
    public struct Configuration: PersisterConfiguration {
        /// The consumer group. Default `ghstats-gcs`.
        public var group = "ghstats-gcs"
        /// The bucket (`GCS_BUCKET_NAME`). Default `github-stats-data`.
        public var bucket = "github-stats-data"
        /// Records per chunk object at most (`GCS_CHUNK_SIZE`). Default 100.
        public var chunkSize = 100
        /// How long records may wait for their chunk to fill before partial chunks are uploaded and the offsets
        /// committed (`GCS_FLUSH_SECONDS`). Default 30 s. A persister that has read everything uploads at once.
        public var flushInterval: Duration = .seconds(30)
        /// Records held for filling chunks at most before partial chunks are uploaded. Default 20,000.
        public var maxHeldRecords = 20_000
        /// Messages per batch at most. Default 5,000.
        public var batchSize = 5_000
        /// Leaves out records whose line a chunk of their folder holds already: for a collection resumed from the
        /// bucket on a new state dir, whose log starts again. Each folder is read once. Default false.
        public var reconcileWithBucket = false
        /// Streams (folder and partition) uploading at once; a stream's chunks go one after another. Default 8.
        public var uploadConcurrency = 8

        public init() {}
    }

    public static let name = "gcs"

    let topics: TopicNames
    let writer: GCSChunkWriter

    init(storage: GCSClient, topics: TopicNames, configuration: Configuration, logger: Logger) {
        self.topics = topics
        self.writer = GCSChunkWriter(storage: storage, configuration: configuration, logger: logger)
    }

    /// The record topics (dead letters stay in the SQLite store and on their topics).
    public static func consumedTopics(_ topics: TopicNames) -> [String] { topics.allRecordTopics }

    public func prepare(_ batch: [LogMessage]) -> CloudBatch {
        RecordMessageDecoder(topics: topics, store: Self.name).decode(batch)
    }

    public func write(_ batch: CloudBatch, group: String, positions: CommitPositions) async throws -> Settlement? {
        try await writer.write(batch, positions: positions)
    }

    public func flush() async throws -> Settlement? {
        try await writer.flush()
    }

    public func restart() async {
        await writer.restart()
    }
}

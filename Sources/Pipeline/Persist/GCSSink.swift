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

/// Uploads a batch's records as chunk objects; all of them are in the bucket before the batch is committed.
public struct GCSSink: PersisterSink {
    /// Settings of the GCS persister.
    public struct Configuration: PersisterConfiguration {
        /// The consumer group. Default `ghstats-gcs`.
        public var group = "ghstats-gcs"
        /// The bucket (`GCS_BUCKET_NAME`). Default `github-stats-data`.
        public var bucket = "github-stats-data"
        /// Records per chunk object at most (`GCS_CHUNK_SIZE`). Default 100.
        public var chunkSize = 100
        /// Messages per batch at most; a batch's chunks are all uploaded before its offsets are committed.
        /// Default 5,000.
        public var batchSize = 5_000
        /// Uploads in flight at once. Default 8.
        public var uploadConcurrency = 8

        public init() {}
    }

    public static let name = "gcs"

    let storage: GCSClient
    let topics: TopicNames
    let configuration: Configuration
    let logger: Logger

    /// The record topics (dead letters stay in the SQLite store and on their topics).
    public static func consumedTopics(_ topics: TopicNames) -> [String] { topics.allRecordTopics }

    /// A chunk to upload: its object name and its lines.
    struct Chunk: Sendable {
        let name: String
        let rows: [CloudRow]

        var body: Data {
            var data = Data(capacity: rows.reduce(0) { $0 + $1.json.count + 1 })
            for row in rows {
                data.append(contentsOf: row.json)
                data.append(UInt8(ascii: "\n"))
            }
            return data
        }
    }

    /// Chunks of a batch: rows grouped by folder in log order, cut every `chunkSize` rows.
    static func chunks(_ rows: [CloudRow], chunkSize: Int) -> [Chunk] {
        let ordered = rows.sorted {
            ($0.message.topic, $0.message.partition, $0.message.offset)
                < ($1.message.topic, $1.message.partition, $1.message.offset)
        }
        var folders: [String: [CloudRow]] = [:]
        var order: [String] = []
        for row in ordered {
            let folder = GCSChunkLayout.folder(
                org: row.record.org, repo: row.record.repo, table: row.table.tableId, date: row.record.partitionTime)
            if folders[folder] == nil { order.append(folder) }
            folders[folder, default: []].append(row)
        }
        var chunks: [Chunk] = []
        for folder in order {
            let rows = folders[folder] ?? []
            for start in stride(from: 0, to: rows.count, by: chunkSize) {
                let slice = Array(rows[start..<min(start + chunkSize, rows.count)])
                chunks.append(
                    Chunk(name: GCSChunkLayout.objectName(folder: folder, first: slice[0].message), rows: slice))
            }
        }
        return chunks
    }

    public func prepare(_ batch: [LogMessage]) -> CloudBatch {
        RecordMessageDecoder(topics: topics, store: Self.name).decode(batch)
    }

    public func write(_ batch: CloudBatch, group: String, positions: CommitPositions) async throws -> [OutgoingMessage]
    {
        let (rows, refused) = (batch.rows, batch.refused)
        let outcomes = try await upload(Self.chunks(rows, chunkSize: max(1, configuration.chunkSize)))
        let skipped = outcomes.filter { $0 == .alreadyExists }.count
        if skipped > 0 {
            logger.notice(
                "chunks of a redelivered batch were already in the bucket; left as they were",
                metadata: ["gcs.bucket": "\(configuration.bucket)", "gcs.chunks_skipped": "\(skipped)"])
        }
        return refused
    }

    private func upload(_ chunks: [Chunk]) async throws -> [GCSClient.UploadOutcome] {
        let storage = self.storage
        let bucket = configuration.bucket
        return try await withThrowingTaskGroup(of: GCSClient.UploadOutcome.self) { group in
            var outcomes: [GCSClient.UploadOutcome] = []
            var next = chunks.makeIterator()
            func add() -> Bool {
                guard let chunk = next.next() else { return false }
                group.addTask {
                    try await storage.uploadIfAbsent(
                        bucket: bucket, name: chunk.name, data: chunk.body,
                        metadata: ["records": String(chunk.rows.count)])
                }
                return true
            }
            for _ in 0..<max(1, configuration.uploadConcurrency) where !add() { break }
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                _ = add()
            }
            return outcomes
        }
    }
}

import Foundation
import GHRecords
import GoogleCloud
import Logging

/// `load-gcs`: BigQuery load jobs from the bucket's chunks, merged into the tables on the natural key (so
/// loading the same chunks twice, or chunks holding a record twice, leaves one row per record).
public struct GCSLoader: Sendable {
    let inventory: GCSInventory
    let writer: BigQueryWriter
    let logger: Logger
    /// Chunk URIs per load job at most. Default 500.
    var urisPerJob = 500

    public init(inventory: GCSInventory, writer: BigQueryWriter, logger: Logger) {
        self.inventory = inventory
        self.writer = writer
        self.logger = logger
    }

    /// What was loaded into one table.
    public struct TableLoad: Sendable {
        public let table: String
        public var chunks: Int
        /// Rows read from the chunks.
        public var loaded: Int64
        /// Rows inserted or updated by the MERGE.
        public var merged: Int64
    }

    public func load(repository: String? = nil, date: String? = nil) async throws(GoogleCloudError) -> [TableLoad] {
        let chunks = try await inventory.chunks(repository: repository, date: date)
        var results: [TableLoad] = []
        for (tableID, tableChunks) in Dictionary(grouping: chunks, by: { $0.place.table }).sorted(by: {
            $0.key < $1.key
        }) {
            guard let type = Self.recordType(table: tableID) else {
                logger.warning("chunks of an unknown table left alone", metadata: ["gcs.table": "\(tableID)"])
                continue
            }
            var result = TableLoad(table: tableID, chunks: tableChunks.count, loaded: 0, merged: 0)
            let uris = tableChunks.map { "gs://\(inventory.bucket)/\($0.name)" }
            for start in stride(from: 0, to: uris.count, by: urisPerJob) {
                let (loaded, merged) = try await writer.mergeChunks(
                    Array(uris[start..<min(start + urisPerJob, uris.count)]), table: type.bigQueryTable,
                    recordType: type)
                result.loaded += loaded
                result.merged += merged
            }
            results.append(result)
        }
        return results
    }

    static func recordType(table: String) -> (any CloudRecord.Type)? {
        let types: [any CloudRecord.Type] = [
            Repository.self, PullRequest.self, Commit.self, Review.self, ReviewComment.self, IssueComment.self,
            GitHubEvent.self, GHArchiveHourRecord.self,
        ]
        return types.first { $0.bigQueryTable.tableId == table }
    }
}

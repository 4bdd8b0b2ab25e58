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
        /// Rows BigQuery refused (or that are no record of the table), left out of the load.
        public var deadLettered = 0
        /// Where those rows were written, with their source chunk, line and reason.
        public var deadLetterObjects: [String] = []
    }

    /// Loads the chunks (of one repository and date when given). A load job that fails on rows BigQuery refuses is
    /// done again row by row: the refused rows are dead-lettered under `_dead_letters/load-gcs/` and the rest loaded.
    public func load(repository: String? = nil, date: String? = nil) async throws -> [TableLoad] {
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
            let names = tableChunks.map(\.name)
            for start in stride(from: 0, to: names.count, by: urisPerJob) {
                let job = Array(names[start..<min(start + urisPerJob, names.count)])
                try await loadJob(job, recordType: type, into: &result)
            }
            results.append(result)
        }
        return results
    }

    /// One load job of chunks merged into `result`; row by row when BigQuery refuses the job.
    private func loadJob(
        _ names: [String], recordType: any CloudRecord.Type, into result: inout TableLoad
    )
        async throws
    {
        let failure: GoogleCloudError
        do {
            let (loaded, merged) = try await writer.mergeChunks(
                names.map { "gs://\(inventory.bucket)/\($0)" }, table: recordType.bigQueryTable,
                recordType: recordType)
            result.loaded += loaded
            result.merged += merged
            return
        } catch {
            failure = error
        }
        guard failure.kind == .jobFailed else { throw failure }
        logger.warning(
            "BigQuery refused a load of chunks; loading them row by row to find the rows it rejects",
            metadata: ["bq.table": "\(result.table)", "gcs.chunks": "\(names.count)", "error": "\(failure)"])
        let check = GCSLoadRowCheck(inventory: inventory, writer: writer)
        let outcome = try await check.load(names, recordType: recordType)
        result.loaded += outcome.loaded
        result.merged += outcome.merged
        if !outcome.deadLetters.isEmpty {
            result.deadLettered += outcome.deadLetters.count
            result.deadLetterObjects.append(try await check.store(outcome.deadLetters, table: result.table))
        }
    }

    static func recordType(table: String) -> (any CloudRecord.Type)? {
        let types: [any CloudRecord.Type] = [
            Repository.self, PullRequest.self, Commit.self, Review.self, ReviewComment.self, IssueComment.self,
            GitHubEvent.self, GHArchiveHourRecord.self,
        ]
        return types.first { $0.bigQueryTable.tableId == table }
    }
}

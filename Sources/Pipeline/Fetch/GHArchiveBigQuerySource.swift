import CloudStore
import Foundation
import GHRecords
import GoogleCloud

/// The BigQuery `githubarchive` dataset as a source of events: one query per task's day, billed at most
/// `maximumBytesBilled` (BigQuery refuses a query that would bill more), bytes billed summed in `usage`.
public struct GHArchiveBigQuerySource: Sendable {
    public let client: BigQueryClient
    public let source: GHArchiveQuery.Source
    /// `--max-bytes`: the most one query may bill; nil for no limit.
    public let maximumBytesBilled: Int64?
    public let usage: BigQueryUsage

    public init(
        client: BigQueryClient, source: GHArchiveQuery.Source = .init(), maximumBytesBilled: Int64? = nil,
        usage: BigQueryUsage = .init()
    ) {
        self.client = client
        self.source = source
        self.maximumBytesBilled = maximumBytesBilled
        self.usage = usage
    }

    /// What a dry run of a whole backfill says it would read.
    public struct Estimate: Sendable {
        public let bytes: Int64
        public let tables: Int
    }

    /// Dry-runs the query of the whole range: nothing is billed.
    public func estimate(_ query: GHArchiveQuery) async throws(GoogleCloudError) -> Estimate {
        let result = try await client.query(query.sql, dryRun: true)
        return Estimate(bytes: result.totalBytesProcessed, tables: query.tables.count)
    }

    /// Refuses an estimate over the budget, naming `--max-bytes`.
    public func check(_ estimate: Estimate) throws(GoogleCloudError) {
        if let maximumBytesBilled, estimate.bytes > maximumBytesBilled {
            throw GoogleCloudError(
                kind: .overBudget, service: "bigquery", operation: "githubarchive query",
                message:
                    "the dry run estimates \(estimate.bytes) bytes, over --max-bytes \(maximumBytesBilled); narrow the range or the owners"
            )
        }
    }

    /// Runs `query` (billed at most `maximumBytesBilled`) and returns its rows.
    func rows(_ query: GHArchiveQuery) async throws(GoogleCloudError) -> [[String?]] {
        let result = try await client.query(query.sql, maximumBytesBilled: maximumBytesBilled)
        usage.add(bytesBilled: result.totalBytesBilled)
        return result.rows
    }
}

import Foundation
import GHRecords
import GoogleCloud
import Logging
import Synchronization
import Telemetry

/// Writes rows into ghstats's BigQuery tables without duplicates: each batch goes to a staging table of its own
/// (streaming insert with insertIds, or a load job), is MERGEd into the table on the natural key (never replacing
/// a newer version), and the staging table is dropped. Redelivered rows merge to the same row.
public struct BigQueryWriter: Sendable {
    /// How rows reach the staging table.
    public enum Mode: String, Sendable, CaseIterable {
        /// `tabledata.insertAll` with an insertId per row; a rejected row is reported alone.
        case stream
        /// A load job of the batch as NDJSON (no streaming buffer, no streaming cost); when BigQuery rejects the
        /// file, the batch is streamed instead so that the bad rows are found one by one.
        case load
    }

    public let client: BigQueryClient
    public let dataset: String
    let logger: Logger
    /// Bytes billed by this writer's queries (MERGE), summed.
    public let usage: BigQueryUsage

    public init(client: BigQueryClient, dataset: String, usage: BigQueryUsage = .init(), logger: Logger) {
        self.client = client
        self.dataset = dataset
        self.usage = usage
        self.logger = logger
    }

    /// Creates the dataset and every table of `BigQueryTables.all`, and adds to tables made by an earlier version
    /// the nullable columns they lack (`ALTER TABLE ... ADD COLUMN`); returns the tables that were new.
    @discardableResult
    public func createTables() async throws(GoogleCloudError) -> [String] {
        try await client.createDataset(dataset)
        var created: [String] = []
        for table in BigQueryTables.all {
            if try await client.createTable(table, dataset: dataset) {
                created.append(table.tableId)
                continue
            }
            let existing = Set(
                (try await client.table(table.tableId, dataset: dataset))?.schema.fields.map(\.name) ?? [])
            for field in table.schema.fields where !existing.contains(field.name) && field.mode == "NULLABLE" {
                let result = try await client.query(
                    "ALTER TABLE `\(dataset).\(table.tableId)` ADD COLUMN IF NOT EXISTS `\(field.name)` \(field.type)")
                usage.add(bytesBilled: result.totalBytesBilled)
                logger.notice(
                    "added a column", metadata: ["bq.table": "\(table.tableId)", "bq.column": "\(field.name)"])
            }
        }
        return created
    }

    /// What writing one table's rows did.
    package struct Outcome: Sendable {
        /// Rows BigQuery refused, by index in the rows given, with its message.
        package var rejected: [Int: String] = [:]
        package var merged: Int64 = 0
    }

    /// Stages `rows` (all of one table), merges them into the table and drops the stage.
    package func write(_ rows: [CloudRow], mode: Mode) async throws(GoogleCloudError) -> Outcome {
        guard let first = rows.first else { return Outcome() }
        let recordType = type(of: first.record)
        let table = recordType.bigQueryTable
        let stage = "_ghstats_stage_\(table.tableId)_\(UUID().uuidString.prefix(8).lowercased())"
        var outcome = Outcome()
        var staged = false
        if mode == .load {
            var data = Data(capacity: rows.reduce(0) { $0 + $1.json.count + 1 })
            for row in rows {
                data.append(contentsOf: row.json)
                data.append(UInt8(ascii: "\n"))
            }
            do {
                _ = try await client.load(
                    data: data, into: stage, dataset: dataset, schema: table, writeDisposition: .truncate)
                staged = true
            } catch  where error.kind == .jobFailed {
                logger.warning(
                    "BigQuery refused the batch's load; streaming it to find the rows it rejects",
                    metadata: ["bq.table": "\(table.tableId)", "error": "\(error)"])
                await dropQuietly(stage)
            }
        }
        if !staged {
            var stageTable = table
            stageTable.tableId = stage
            stageTable.timePartitioning = nil
            stageTable.clustering = nil
            try await client.createTable(stageTable, dataset: dataset, expiresAfter: .seconds(86_400))
            for start in stride(from: 0, to: rows.count, by: 500) {
                let slice = rows[start..<min(start + 500, rows.count)]
                let errors = try await client.insertAll(
                    dataset: dataset, table: stage,
                    rows: slice.map { (insertID: $0.record.insertID, json: Data($0.json)) })
                for error in errors { outcome.rejected[start + error.index] = error.message }
            }
        }
        do {
            if outcome.rejected.count < rows.count {
                let result = try await client.query(Self.mergeSQL(recordType, dataset: dataset, stage: stage))
                usage.add(bytesBilled: result.totalBytesBilled)
                outcome.merged = result.affectedRows ?? 0
            }
        } catch {
            await dropQuietly(stage)
            throw error
        }
        await dropQuietly(stage)
        return outcome
    }

    /// Merges NDJSON chunk objects (`gs://` URIs, all of one table) into the table through a staging load.
    func mergeChunks(
        _ uris: [String], table: BigQueryTable, recordType: any CloudRecord.Type
    ) async throws(GoogleCloudError)
        -> (loaded: Int64, merged: Int64)
    {
        let stage = "_ghstats_stage_\(table.tableId)_\(UUID().uuidString.prefix(8).lowercased())"
        do {
            let statistics = try await client.load(
                from: uris, into: stage, dataset: dataset, schema: table, writeDisposition: .truncate)
            let result = try await client.query(Self.mergeSQL(recordType, dataset: dataset, stage: stage))
            usage.add(bytesBilled: result.totalBytesBilled)
            await dropQuietly(stage)
            return (statistics.outputRows, result.affectedRows ?? 0)
        } catch {
            await dropQuietly(stage)
            throw error
        }
    }

    private func dropQuietly(_ stage: String) async {
        do {
            try await client.deleteTable(stage, dataset: dataset)
        } catch {
            logger.warning(
                "could not drop a staging table; it expires within a day",
                metadata: ["bq.table": "\(stage)", "error": "\(error)"])
        }
    }

    /// The MERGE of a staging table into its table: one row per natural key (the newest version, or the one
    /// with enrichment), inserted when new, updated when not older; enrichment columns kept when the stage
    /// lacks them.
    static func mergeSQL(_ type: any CloudRecord.Type, dataset: String, stage: String) -> String {
        let table = type.bigQueryTable
        let key = type.mergeKey
        let columns = table.columnNames
        func quoted(_ name: String) -> String { "`\(name)`" }
        let order: String
        if let fresh = type.freshnessColumn {
            order = "\(quoted(fresh)) DESC"
        } else if let enrichment = type.enrichmentColumns.first {
            order = "CASE WHEN \(quoted(enrichment)) IS NULL THEN 1 ELSE 0 END"
        } else {
            order = quoted(key[0])
        }
        let partition = key.map(quoted).joined(separator: ", ")
        let on = key.map { "T.\(quoted($0)) = S.\(quoted($0))" }.joined(separator: " AND ")
        let updates = columns.filter { !key.contains($0) }.map { column in
            type.enrichmentColumns.contains(column)
                ? "\(quoted(column)) = COALESCE(S.\(quoted(column)), T.\(quoted(column)))"
                : "\(quoted(column)) = S.\(quoted(column))"
        }.joined(separator: ", ")
        let newer = type.freshnessColumn.map { " AND S.\(quoted($0)) >= T.\(quoted($0))" } ?? ""
        return """
            MERGE `\(dataset).\(table.tableId)` AS T
            USING (SELECT * EXCEPT(_ghstats_rank) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY \(partition) ORDER BY \(order)) AS _ghstats_rank FROM `\(dataset).\(stage)`) WHERE _ghstats_rank = 1) AS S
            ON \(on)
            WHEN MATCHED\(newer) THEN UPDATE SET \(updates)
            WHEN NOT MATCHED THEN INSERT (\(columns.map(quoted).joined(separator: ", "))) VALUES (\(columns.map { "S." + quoted($0) }.joined(separator: ", ")))
            """
    }
}

/// BigQuery spending of a process, summed (for reports and metrics).
public final class BigQueryUsage: Sendable {
    private let billed = Atomic<Int64>(0)

    public init() {}

    package func add(bytesBilled: Int64) {
        billed.add(bytesBilled, ordering: .relaxed)
        PipelineMetrics.billed(bytes: bytesBilled)
    }

    /// Bytes billed so far.
    public var bytesBilled: Int64 { billed.load(ordering: .relaxed) }
}

import Foundation
import GoogleCloud
import Store

/// Velocity metrics in BigQuery: derived in place from the dataset's record tables by the same definitions as
/// SQLite's, with the bytes each query billed added to the dataset's usage.
public struct BigQueryMetrics: Sendable {
    let writer: BigQueryWriter

    public init(writer: BigQueryWriter) {
        self.writer = writer
    }

    private var dialect: MetricsDialect { .bigQuery(dataset: writer.dataset) }
    private var table: String { "`\(writer.dataset).metrics`" }

    /// Replaces `org`'s rows in `metrics` with a fresh derivation; returns the rows written.
    @discardableResult
    public func derive(org: String) async throws(GoogleCloudError) -> Int {
        let literal = dialect.literal(org)
        let deleted = try await writer.client.query("DELETE FROM \(table) WHERE org = \(literal)")
        let columns = VelocityMetricsSQL.columns.joined(separator: ", ")
        let inserted = try await writer.client.query("INSERT INTO \(table) (\(columns)) \(dialect.select(org: org))")
        writer.usage.add(bytesBilled: deleted.totalBytesBilled + inserted.totalBytesBilled)
        let count = try await writer.client.query("SELECT COUNT(*) FROM \(table) WHERE org = \(literal)")
        return Int(count.scalarInteger ?? 0)
    }

    /// The stored daily rows of `org`.
    public func rows(org: String) async throws(GoogleCloudError) -> [VelocityMetricsRow] {
        let columns = VelocityMetricsSQL.columns.map { $0 == "day" ? "FORMAT_DATE('%Y-%m-%d', day)" : $0 }
        let result = try await writer.client.query(
            "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE org = \(dialect.literal(org)) ORDER BY org, repo, author, day"
        )
        return result.rows.map { cells in VelocityMetricsRow(cells: cells, number: { cells[$0].flatMap(Double.init) }) }
    }
}

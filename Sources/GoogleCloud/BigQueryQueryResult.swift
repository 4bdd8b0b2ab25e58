/// What a query returned: rows as text cells (BigQuery's REST form), the bytes it billed and rows it changed.
public struct BigQueryQueryResult: Sendable {
    /// Column names, in order.
    public var columns: [String]
    /// Cells as BigQuery sends them: text, nil for NULL, repeated and record values as JSON text.
    public var rows: [[String?]]
    /// Bytes billed (0 for dry runs and emulators that do not bill).
    public var totalBytesBilled: Int64
    /// Bytes the query reads (a dry run's estimate).
    public var totalBytesProcessed: Int64
    /// Rows a DML statement (MERGE, DELETE) inserted, updated or deleted.
    public var affectedRows: Int64?

    /// The first cell of the first row as an integer (`SELECT COUNT(*)`).
    public var scalarInteger: Int64? { rows.first?.first.flatMap { $0 }.flatMap { Int64($0) } }
}

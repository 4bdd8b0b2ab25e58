import SQLiteDB

/// A batch's records as the rows of their tables' upserts, encoded before the write so that the store's thread
/// only binds and steps: one table after another in the order the batch first names them, each table's rows in
/// batch order (its b-tree pages stay in the CPU's cache).
package struct StoredRows: Sendable {
    /// Each table's upsert and its rows.
    package private(set) var tables: [(upsertSQL: String, rows: SQLiteRows)] = []

    package init(_ records: [any StoredRecord]) {
        var tableIndex: [ObjectIdentifier: Int] = [:]
        for record in records {
            let recordType = type(of: record)
            let index: Int
            if let known = tableIndex[ObjectIdentifier(recordType)] {
                index = known
            } else {
                index = tables.count
                tableIndex[ObjectIdentifier(recordType)] = index
                tables.append((recordType.upsertSQL, SQLiteRows()))
            }
            tables[index].rows.append { record.addValues(to: &$0) }
        }
    }

    /// The rows of every table.
    package var count: Int { tables.reduce(0) { $0 + $1.rows.count } }
}

import Foundation
import GHRecords
import SQLiteDB

/// A record that the SQLite store keeps in a table, upserted by its natural key. The table is derived from the
/// record's shape (`storedTable`); only `addValues` is written by hand, for speed, and `RecordFormsTests` checks it
/// against the shape.
package protocol StoredRecord: GHRecord {
    /// The record's table, derived once from its shape.
    static var storedTable: StoredTable { get }
    /// Adds the row's values to `row` (bound straight to the upsert), in `storedTable.columns` order.
    func addValues(to row: inout SQLiteRowBuilder)
}

extension StoredRecord {
    /// The row, in `storedTable.columns` order.
    var values: [SQLiteValue] {
        var row = SQLiteRowBuilder()
        addValues(to: &row)
        return row.values
    }

    static var table: String { storedTable.name }
    /// Columns in the order of `values`.
    static var columns: [String] { storedTable.columns }
    /// The natural key's columns.
    static var keyColumns: [String] { storedTable.keyColumns }
    /// When set, an upsert never replaces a row with an older version (compared on this column).
    package static var freshnessColumn: String? { storedTable.freshnessColumn }
    /// Columns only some sources fill (a commit's stats): an upsert without them keeps the stored values.
    package static var enrichmentColumns: [String] { storedTable.enrichmentColumns }
    static var upsertSQL: String { storedTable.upsertSQL }
}

/// A record's SQLite table as its shape gives it: named after the record type's plural, a column per field (named
/// as the field unless renamed, in the shape's order), the key's columns, and the upsert by the natural key that
/// never replaces a newer version and keeps stored enrichment. The migrations creating it are hand-written history;
/// `RecordFormsTests` checks that the migrated table has these columns.
package struct StoredTable: Sendable {
    package let name: String
    /// The fields the table holds, in column order.
    package let fields: [RecordField]
    /// The column of each of `fields`.
    package let columns: [String]
    package let keyColumns: [String]
    package let freshnessColumn: String?
    package let enrichmentColumns: [String]
    package let upsertSQL: String

    /// The table of `shape`; `renamed` maps a field to a column named otherwise, `leavingOut` names fields the table
    /// does not hold (a GH Archive hour's constant `repo`).
    package init(_ shape: RecordShape, renamed: [String: String] = [:], leavingOut: Set<String> = []) {
        let fields = shape.fields.filter { !leavingOut.contains($0.name) }
        func column(_ field: String) -> String {
            precondition(!leavingOut.contains(field), "\(shape.recordType): '\(field)' is named, not to leave out")
            return renamed[field] ?? field
        }
        let name = shape.recordType.pluralName
        let columns = fields.map { column($0.name) }
        let key = shape.key.map(column)
        let freshness = shape.version.map(column)
        let enrichment = shape.enrichment.map(column)
        self.name = name
        self.fields = fields
        self.columns = columns
        keyColumns = key
        freshnessColumn = freshness
        enrichmentColumns = enrichment
        upsertSQL = Self.makeUpsertSQL(
            table: name, columns: columns, key: key, freshness: freshness, enrichment: enrichment)
    }

    static func makeUpsertSQL(
        table: String, columns: [String], key: [String], freshness: String?, enrichment: [String]
    ) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.filter { !key.contains($0) }.map { column in
            enrichment.contains(column)
                ? "\(column) = COALESCE(excluded.\(column), \(table).\(column))" : "\(column) = excluded.\(column)"
        }.joined(separator: ", ")
        var sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) "
            + "ON CONFLICT(\(key.joined(separator: ", "))) DO UPDATE SET \(updates)"
        if let freshness {
            sql += " WHERE excluded.\(freshness) >= \(table).\(freshness)"
        }
        return sql
    }
}

extension SQLiteRowBuilder {
    mutating func add(_ value: Int64) { integer(value) }
    mutating func add(_ value: String) { text(value) }
    mutating func add(_ value: Int?) {
        if let value { integer(Int64(value)) } else { null() }
    }
    mutating func add(_ value: Int64?) {
        if let value { integer(value) } else { null() }
    }
    mutating func add(_ value: Bool?) {
        if let value { integer(value ? 1 : 0) } else { null() }
    }
    mutating func add(_ value: String?) {
        if let value { text(value) } else { null() }
    }

    /// A date as ISO 8601 UTC text.
    mutating func add(_ value: Date?) {
        guard let value else { return null() }
        ISO8601Timestamp.withFormatted(value) { text($0) }
    }

    /// Strings as a JSON array, escaped by the package's one JSON escaper.
    mutating func add(_ value: [String]) {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in value.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONEscaping.appendQuoted(string, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        bytes.withUnsafeBufferPointer { text($0) }
    }
}

extension Array where Element == String {
    /// The strings as a JSON array, as the store writes them.
    package var jsonText: SQLiteValue {
        var row = SQLiteRowBuilder()
        row.add(self)
        return row.values[0]
    }
}

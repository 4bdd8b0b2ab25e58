import Foundation
import GHRecords
import SQLiteDB

/// A record that the SQLite store keeps in a table, upserted by its natural key.
protocol StoredRecord: GHRecord {
    static var table: String { get }
    /// Columns in the order of `values`.
    static var columns: [String] { get }
    /// The natural key's columns.
    static var keyColumns: [String] { get }
    /// When set, an upsert never replaces a row with an older version (compared on this column).
    static var freshnessColumn: String? { get }
    /// Columns only some sources fill (a commit's stats): an upsert without them keeps the stored values.
    static var enrichmentColumns: [String] { get }
    var values: [SQLiteValue] { get }
}

extension StoredRecord {
    static var enrichmentColumns: [String] { [] }

    static var upsertSQL: String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.filter { !keyColumns.contains($0) }.map { column in
            enrichmentColumns.contains(column)
                ? "\(column) = COALESCE(excluded.\(column), \(table).\(column))" : "\(column) = excluded.\(column)"
        }.joined(separator: ", ")
        var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) "
            + "ON CONFLICT(\(keyColumns.joined(separator: ", "))) DO UPDATE SET \(updates)"
        if let freshnessColumn {
            sql += " WHERE excluded.\(freshnessColumn) >= \(table).\(freshnessColumn)"
        }
        return sql
    }
}

enum SQLiteDate {
    static func value(_ date: Date?) -> SQLiteValue {
        guard let date else { return .null }
        return .text(ISO8601Timestamp.format(date))
    }
}

extension Array where Element == String {
    /// The strings as a JSON array, escaped by the package's one JSON escaper.
    var jsonText: SQLiteValue {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONEscaping.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return .text(String(decoding: bytes, as: UTF8.self))
    }
}

/// One field of a record, as every form of the record names it: the JSON key, the SQLite column and the BigQuery
/// column (a table may rename or leave out a field, saying so where it is derived).
public struct RecordField: Sendable, Hashable, CustomStringConvertible {
    /// What a field holds. An enum on purpose: a new kind must be mapped by every form, and the compiler says where.
    public enum Kind: String, Sendable, Hashable {
        /// A JSON string; SQLite `TEXT`, BigQuery `STRING`.
        case string
        /// A JSON integer (Swift `Int` or `Int64`); SQLite `INTEGER`, BigQuery `INTEGER`.
        case integer
        /// A JSON boolean; SQLite `INTEGER` 0 or 1, BigQuery `BOOLEAN`.
        case boolean
        /// An instant as ISO 8601 UTC text (`2024-01-31T12:00:00Z`); SQLite `TEXT`, BigQuery `TIMESTAMP`.
        case timestamp
        /// A JSON array of strings; SQLite `TEXT` holding the array's JSON, BigQuery `STRING` `REPEATED`.
        case strings
    }

    /// The snake_case wire name.
    public let name: String
    public let kind: Kind
    /// Whether the field may be absent (a Swift optional): JSON leaves it out, SQLite and BigQuery hold NULL.
    public let isOptional: Bool

    public init(_ name: String, _ kind: Kind, isOptional: Bool) {
        self.name = name
        self.kind = kind
        self.isOptional = isOptional
    }

    public var description: String { "\(name): \(kind.rawValue)\(isOptional ? "?" : "")" }
}

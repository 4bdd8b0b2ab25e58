/// A row's values in parameter order: encoded into `SQLiteRows` to run later, or collected into `values`.
/// Encoding builds no `[SQLiteValue]` per row.
public struct SQLiteRowBuilder {
    /// The rows being added to, when encoding.
    private(set) var encodedRows: SQLiteRows?
    /// What was added, when collecting.
    public private(set) var values: [SQLiteValue] = []

    /// A builder that collects the values.
    public init() {}

    /// A builder that adds the row to `rows`.
    init(encodingInto rows: SQLiteRows) {
        encodedRows = rows
    }

    public mutating func integer(_ value: Int64) {
        if encodedRows != nil {
            encodedRows!.appendInteger(value)
        } else {
            values.append(.integer(value))
        }
    }

    public mutating func null() {
        if encodedRows != nil {
            encodedRows!.appendNull()
        } else {
            values.append(.null)
        }
    }

    public mutating func text(_ value: String) {
        guard encodedRows != nil else { return values.append(.text(value)) }
        var value = value
        value.withUTF8 { utf8 in encodedRows!.appendText(utf8) }
    }

    /// A text from its UTF-8 bytes (valid only during the call).
    public mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        if encodedRows != nil {
            encodedRows!.appendText(utf8)
        } else {
            values.append(.text(String(decoding: utf8, as: UTF8.self)))
        }
    }
}

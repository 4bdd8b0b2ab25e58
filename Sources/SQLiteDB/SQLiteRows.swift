/// Rows for one statement, encoded before it runs: building them (formatting dates, escaping JSON) can happen on any
/// thread, and binding them copies no text (SQLite reads each in place). `SQLiteStatement.execute(each:)` runs them.
public struct SQLiteRows: Sendable {
    enum Kind: UInt8, Sendable {
        case null, integer, text
    }

    var kinds: [Kind] = []
    /// Per value: the integer, or where the text starts in `bytes`.
    var payloads: [Int64] = []
    /// Per value: the text's length in bytes (0 otherwise).
    var lengths: [Int32] = []
    var bytes: [UInt8] = []
    /// Values in each row, set by the first row.
    private(set) var width = 0
    /// The rows held.
    public private(set) var count = 0

    public init() {}

    /// Adds a row whose values `addValues` gives; every row must give as many values as the first.
    public mutating func append(_ addValues: (inout SQLiteRowBuilder) -> Void) {
        let first = kinds.count
        var builder = SQLiteRowBuilder(encodingInto: self)
        self = SQLiteRows()
        addValues(&builder)
        self = builder.encodedRows!
        let added = kinds.count - first
        if count == 0 { width = added }
        precondition(added == width, "a row of \(added) values among rows of \(width)")
        count += 1
    }

    mutating func appendNull() {
        kinds.append(.null)
        payloads.append(0)
        lengths.append(0)
    }

    mutating func appendInteger(_ value: Int64) {
        kinds.append(.integer)
        payloads.append(value)
        lengths.append(0)
    }

    mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
        kinds.append(.text)
        payloads.append(Int64(bytes.count))
        lengths.append(Int32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

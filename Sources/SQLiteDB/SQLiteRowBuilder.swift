import CSQLite

private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A row's values in parameter order: bound straight to a statement (SQLite copies each text), or collected into
/// `values`. Binding this way builds no `[SQLiteValue]` per row.
public struct SQLiteRowBuilder {
    private let statement: OpaquePointer?
    /// What was added, when collecting.
    public private(set) var values: [SQLiteValue] = []
    private var index: Int32 = 0
    private var failure: Int32 = SQLITE_OK

    /// A builder that collects the values.
    public init() {
        statement = nil
    }

    /// A builder that binds to `statement`'s parameters 1...n.
    init(binding statement: OpaquePointer) {
        self.statement = statement
    }

    /// The first bind that failed, if any.
    var failedCode: Int32? { failure == SQLITE_OK ? nil : failure }

    private mutating func next(_ bind: (OpaquePointer, Int32) -> Int32, _ value: @autoclosure () -> SQLiteValue) {
        index += 1
        guard let statement else { return values.append(value()) }
        let rc = bind(statement, index)
        if rc != SQLITE_OK && failure == SQLITE_OK { failure = rc }
    }

    public mutating func integer(_ value: Int64) {
        next({ sqlite3_bind_int64($0, $1, value) }, .integer(value))
    }

    public mutating func null() {
        next({ sqlite3_bind_null($0, $1) }, .null)
    }

    public mutating func text(_ value: String) {
        guard statement != nil else { return next({ _, _ in SQLITE_OK }, .text(value)) }
        var value = value
        value.withUTF8 { utf8 in text(utf8) }
    }

    /// A text from its UTF-8 bytes (valid only during the call).
    public mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        next(
            { statement, index in
                // A zero-length text still needs a pointer, or SQLite binds NULL.
                let base = UnsafeRawPointer(utf8.baseAddress) ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                return sqlite3_bind_text(
                    statement, index, base.assumingMemoryBound(to: CChar.self), Int32(utf8.count), transientDestructor)
            }, .text(String(decoding: utf8, as: UTF8.self)))
    }
}

import CSQLite

private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
private let staticDestructor: sqlite3_destructor_type? = nil
/// What an empty text or blob is bound to: SQLite binds NULL for a null pointer.
private var emptyText: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

/// A prepared statement on one connection.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let connection: SQLiteConnection
    public let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw connection.error(rc, sql: sql)
        }
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// Resets the statement and clears its bindings.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Binds `values` to the parameters 1...n.
    public func bind(_ values: [SQLiteValue]) throws {
        for (index, value) in values.enumerated() {
            try bind(value, at: Int32(index + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .integer(let int): rc = sqlite3_bind_int64(statement, index, int)
        case .real(let double): rc = sqlite3_bind_double(statement, index, double)
        case .text(var text):
            rc = text.withUTF8 { utf8 in
                guard let base = utf8.baseAddress else {
                    // A zero-length text still needs a pointer, or SQLite binds NULL.
                    return sqlite3_bind_text(statement, index, "", 0, transientDestructor)
                }
                return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(utf8.count), transientDestructor)
                }
            }
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), transientDestructor)
            }
        case .null: rc = sqlite3_bind_null(statement, index)
        }
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
    }

    /// Runs one step: true when a row is available, false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(statement)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            return false
        default:
            let error = connection.error(rc, sql: sql)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Runs the statement to completion with `values` bound, then resets it. Texts and blobs are bound in place
    /// (not copied by SQLite): each stays pinned while the statement runs, and the bindings are cleared after.
    public func execute(_ values: [SQLiteValue]) throws {
        sqlite3_reset(statement)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try withBindings(values, from: 0) { while try step() {} }
    }

    /// Runs the statement once per row of `rows`, each row's texts bound in place, then resets it and clears its
    /// bindings.
    public func execute(each rows: SQLiteRows) throws {
        sqlite3_reset(statement)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let width = Int32(rows.width)
        try rows.bytes.withUnsafeBufferPointer { bytes in
            let texts = UnsafeRawPointer(bytes.baseAddress) ?? emptyText
            var value = 0
            for _ in 0..<rows.count {
                var parameter: Int32 = 1
                while parameter <= width {
                    let rc: Int32
                    switch rows.kinds[value] {
                    case .null: rc = sqlite3_bind_null(statement, parameter)
                    case .integer: rc = sqlite3_bind_int64(statement, parameter, rows.payloads[value])
                    case .text:
                        let length = rows.lengths[value]
                        let text = length == 0 ? emptyText : texts + Int(rows.payloads[value])
                        rc = sqlite3_bind_text(
                            statement, parameter, text.assumingMemoryBound(to: CChar.self), length, staticDestructor)
                    }
                    guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
                    value += 1
                    parameter += 1
                }
                while try step() {}
                sqlite3_reset(statement)
            }
        }
    }

    /// Binds `values[index...]` in place, then runs `body` while they are all pinned.
    private func withBindings(_ values: [SQLiteValue], from index: Int, _ body: () throws -> Void) throws {
        guard index < values.count else { return try body() }
        let position = Int32(index + 1)
        switch values[index] {
        case .text(var text):
            try text.withUTF8 { (utf8: UnsafeBufferPointer<UInt8>) throws -> Void in
                let pointer = UnsafeRawPointer(utf8.baseAddress ?? emptyText.assumingMemoryBound(to: UInt8.self))
                let rc = sqlite3_bind_text(
                    statement, position, pointer.assumingMemoryBound(to: CChar.self), Int32(utf8.count),
                    staticDestructor)
                guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
                try withBindings(values, from: index + 1, body)
            }
        case .blob(let bytes):
            try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws -> Void in
                let rc = sqlite3_bind_blob(
                    statement, position, buffer.baseAddress ?? emptyText, Int32(buffer.count), staticDestructor)
                guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
                try withBindings(values, from: index + 1, body)
            }
        case let value:
            try bind(value, at: position)
            try withBindings(values, from: index + 1, body)
        }
    }

    /// The current row's values.
    public func row() -> SQLiteRow {
        let count = sqlite3_column_count(statement)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            values.append(column(index))
        }
        return SQLiteRow(values: values)
    }

    /// One column of the current row.
    public func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }
}

/// An error from libsqlite3, with the result code, SQLite's message and the statement that raised it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's primary or extended result code.
    public let code: Int32
    /// SQLite's own message.
    public let message: String
    /// The SQL text, when a statement raised it.
    public let sql: String?
    /// The database file.
    public let path: String

    public init(code: Int32, message: String, sql: String?, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { code & 0xFF == 5 || code & 0xFF == 6 }
    /// The connection was closed before this use (SQLite's own code for misuse).
    public var isClosed: Bool { code == 21 && sql == nil && message == Self.closedMessage }

    /// The error for a use of a closed `SQLiteDatabase`.
    public static func closed(path: String) -> SQLiteError {
        SQLiteError(code: 21, message: closedMessage, sql: nil, path: path)
    }

    private static let closedMessage = "the database connection is closed"

    /// The disk (or the file system quota) is full.
    public var isDiskFull: Bool { code & 0xFF == 13 }

    public var description: String {
        var text = "SQLite error \(code) on \(path): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        return text
    }
}

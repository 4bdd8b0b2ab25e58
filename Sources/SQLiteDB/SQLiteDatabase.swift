import Dispatch
import Synchronization

/// One SQLite file's connection, owned by a serial queue of its own: every use runs there, so a statement that
/// waits on another process's lock (up to the busy timeout) or on the disk never holds a thread of Swift's
/// cooperative pool. Opening (and migrating) happens in `init`, on the same queue.
public final class SQLiteDatabase: Sendable {
    /// The database file's path.
    public let path: String
    private let queue: DispatchQueue
    /// Touched only on `queue`; nil once closed.
    private nonisolated(unsafe) var connection: SQLiteConnection?
    private let closed = Atomic<Bool>(false)
    private let checkpointer: BackgroundCheckpointer?

    /// Opens (creating if needed) the file on its own queue, then runs `prepare` (migrations) there.
    /// - Parameter checkpointsInBackground: copy the WAL back into the file from a second connection on a thread of
    ///   its own, so a commit never waits for the disk (default false: the commit that fills the WAL does it).
    public init(
        path: String, busyTimeoutMilliseconds: Int32 = 10_000, synchronous: String = "NORMAL", pageSize: Int = 4_096,
        cacheKibibytes: Int = 2_000, checkpointsInBackground: Bool = false,
        prepare: (SQLiteConnection) throws -> Void = { _ in }
    ) throws {
        self.path = path
        self.queue = DispatchQueue(label: "sqlite:\(path)")
        let checkpointer =
            checkpointsInBackground ? BackgroundCheckpointer(path: path, synchronous: synchronous) : nil
        self.checkpointer = checkpointer
        self.connection = try queue.sync {
            let connection = try SQLiteConnection(
                path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, synchronous: synchronous,
                pageSize: pageSize, cacheKibibytes: cacheKibibytes)
            try prepare(connection)
            if let checkpointer { connection.onCommit { checkpointer.walHolds(pages: $0) } }
            return connection
        }
    }

    /// Runs `body` with the connection on the file's queue and returns its result; the awaiting task is suspended,
    /// not blocked. Throws `SQLiteError.closed` after `close()`.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.openConnection()) })
            }
        }
    }

    /// Closes the connection once work already queued has run; later calls throw `SQLiteError.closed`.
    public func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await checkpointer?.close()
        await withCheckedContinuation { continuation in
            queue.async {
                self.connection = nil
                continuation.resume()
            }
        }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    private func openConnection() throws -> SQLiteConnection {
        guard let connection else { throw SQLiteError.closed(path: path) }
        return connection
    }
}

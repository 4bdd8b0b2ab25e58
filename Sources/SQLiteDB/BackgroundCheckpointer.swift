import Dispatch
import Synchronization

/// Copies a file's WAL back into it from a second connection on a queue of its own, asked after the commits that
/// leave the WAL at `threshold` pages or more: the committing connection never waits for the checkpoint's syncs.
final class BackgroundCheckpointer: Sendable {
    /// SQLite's own automatic checkpoint threshold, in pages.
    static let threshold = 1_000

    private let path: String
    private let synchronous: String
    private let queue: DispatchQueue
    /// Touched only on `queue`.
    private nonisolated(unsafe) var connection: SQLiteConnection?
    private nonisolated(unsafe) var closed = false
    private let pending = Atomic<Bool>(false)

    init(path: String, synchronous: String) {
        self.path = path
        self.synchronous = synchronous
        self.queue = DispatchQueue(label: "sqlite-checkpoint:\(path)")
    }

    /// Called after a commit with the pages in the WAL; asks for one checkpoint at a time.
    func walHolds(pages: Int) {
        guard pages >= Self.threshold, !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async {
            self.checkpoint()
            self.pending.store(false, ordering: .releasing)
        }
    }

    /// A checkpoint that fails (a full disk) leaves the WAL longer; the next commit asks again, and the writer sees
    /// the disk's error on its own.
    private func checkpoint() {
        guard !closed else { return }
        do {
            if connection == nil {
                connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 0, synchronous: synchronous)
            }
            try connection?.checkpointPassively()
        } catch {
            connection = nil
        }
    }

    /// Closes the checkpoint connection once a checkpoint under way has finished.
    func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                self.closed = true
                self.connection = nil
                continuation.resume()
            }
        }
    }
}

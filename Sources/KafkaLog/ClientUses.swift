import Dispatch
import DurationConversion
import EventLog
import Synchronization

/// The calls using one librdkafka client, so that closing it never frees the client under a call: a call after
/// `close` throws `.closed`, and the client is released once the calls before it have returned.
final class ClientUses: @unchecked Sendable {
    private let closed = Mutex(false)
    /// Entered by every call for its duration (DispatchGroup is thread-safe; hence `@unchecked Sendable`).
    private let active = DispatchGroup()
    private let name: String

    init(_ name: String) {
        self.name = name
    }

    var isClosed: Bool { closed.withLock { $0 } }

    /// Counts a call in; throws `.closed` once closed.
    func enter(_ context: @autoclosure () -> String) throws {
        try closed.withLock { closed in
            guard !closed else { throw EventLogError(code: .closed, context: "\(context()): the \(name) is closed") }
            active.enter()
        }
    }

    func leave() { active.leave() }

    /// Runs `body` as one call.
    func use<T: Sendable>(_ context: @autoclosure () -> String, _ body: () async throws -> T) async throws -> T {
        try enter(context())
        defer { leave() }
        return try await body()
    }

    /// Refuses later calls; false when it was already closed.
    func close() -> Bool {
        closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
    }

    /// Runs `release` once the calls still running have returned: at once when they do within `wait` (blocking
    /// this thread), otherwise when the last returns (a broker call may outlast its timeout with a leader down).
    func whenIdle(waitingAtMost wait: Duration, _ release: @escaping @Sendable () -> Void) {
        if active.wait(timeout: .now() + .milliseconds(Int(wait.inMilliseconds))) == .success {
            release()
        } else {
            active.notify(queue: .global(), execute: release)
        }
    }
}

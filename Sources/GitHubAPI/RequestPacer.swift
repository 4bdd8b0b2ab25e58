import Synchronization

/// Paces requests under GitHub's secondary rate limits: a sliding window of points per account and resource, and
/// a cap on requests in flight across the process. Waiting sleeps (cancellable); it never blocks a thread.
///
/// A request's points stay in its window from the moment it is granted until one `window` after its answer
/// arrived, so however late a request reaches GitHub, GitHub never counts more than the limit in any window.
public final class RequestPacer: Sendable {
    /// What a request is counted against.
    public struct Resource: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let rest = Resource(name: "rest")
        public static let graphQL = Resource(name: "graphql")
        public var description: String { name }
    }

    /// The account is paused (GitHub answered a secondary limit) for longer than the caller would wait.
    public struct Paused: Error, Sendable {
        public let remaining: Duration
    }

    /// A granted request: release it once its answer has arrived or it failed (releasing twice does nothing).
    public final class Permit: Sendable {
        fileprivate let id: UInt64
        fileprivate let key: Key?
        private let pacer: RequestPacer
        private let released = Atomic(false)

        fileprivate init(id: UInt64, key: Key?, pacer: RequestPacer) {
            self.id = id
            self.key = key
            self.pacer = pacer
        }

        public func release() {
            guard !released.exchange(true, ordering: .relaxed) else { return }
            pacer.release(id: id, key: key)
        }
    }

    fileprivate struct Key: Hashable, Sendable {
        let account: String
        let resource: Resource
    }

    private struct Entry {
        let id: UInt64
        let points: Int
        /// When the points leave the window; nil while the request is in flight.
        var expires: ContinuousClock.Instant?
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var windows: [Key: [Entry]] = [:]
        var pausedUntil: [Key: ContinuousClock.Instant] = [:]
        var inFlight = 0
        var waiters: [Waiter] = []
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private enum Reservation {
        case granted(counted: Bool)
        case wait(Duration)
        case paused(Duration)
    }

    public let configuration: PacingConfiguration
    private let state = Mutex(State())
    private static let anonymous = "(anonymous)"

    public init(configuration: PacingConfiguration = .github) {
        self.configuration = configuration
    }

    /// Waits until a request costing `points` may go out for `account` (nil: no token, so no account budget to
    /// pace, only the cap on requests in flight), then takes a slot. Throws `CancellationError` when cancelled,
    /// and `Paused` when the account's `resource` is paused for longer than `maxPause`.
    public func acquire(
        account: String?, resource: Resource, points: Int = 1, maxPause: Duration = .seconds(1)
    )
        async throws -> Permit
    {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let key = Key(account: account ?? Self.anonymous, resource: resource)
        let limit = account == nil ? 0 : configuration.points(for: resource)
        var counted = false
        reserving: while true {
            switch reserve(id: id, key: key, points: max(points, 0), limit: limit, maxPause: maxPause) {
            case .granted(let isCounted):
                counted = isCounted
                break reserving
            case .wait(let duration): try await Task.sleep(for: duration)
            case .paused(let remaining): throw Paused(remaining: remaining)
            }
        }
        do {
            try await takeSlot(id: id)
        } catch {
            state.withLock { $0.windows[key]?.removeAll { $0.id == id } }
            throw error
        }
        return Permit(id: id, key: counted ? key : nil, pacer: self)
    }

    /// Holds the requests of `account` to `resource` back for `duration` (GitHub answered a secondary limit).
    public func pause(account: String?, resource: Resource, for duration: Duration) {
        let until = ContinuousClock.now + duration
        let key = Key(account: account ?? Self.anonymous, resource: resource)
        state.withLock { state in
            state.pausedUntil[key] = max(state.pausedUntil[key] ?? until, until)
        }
    }

    /// Requests holding a slot now.
    public var requestsInFlight: Int { state.withLock { $0.inFlight } }

    private func reserve(id: UInt64, key: Key, points: Int, limit: Int, maxPause: Duration) -> Reservation {
        let now = ContinuousClock.now
        return state.withLock { state in
            if let until = state.pausedUntil[key] {
                if until > now {
                    let remaining = now.duration(to: until)
                    return remaining > maxPause ? .paused(remaining) : .wait(remaining)
                }
                state.pausedUntil[key] = nil
            }
            guard limit > 0 else { return .granted(counted: false) }
            var entries = state.windows[key, default: []]
            entries.removeAll { $0.expires.map { $0 <= now } ?? false }
            let used = entries.reduce(0) { $0 + $1.points }
            defer { state.windows[key] = entries }
            if used + points <= limit || entries.isEmpty {
                entries.append(Entry(id: id, points: points, expires: nil))
                return .granted(counted: true)
            }
            var freed = 0
            for entry in entries.filter({ $0.expires != nil }).sorted(by: { $0.expires! < $1.expires! }) {
                freed += entry.points
                if used - freed + points <= limit { return .wait(now.duration(to: entry.expires!)) }
            }
            // Only answers still in flight would free enough: look again shortly.
            return .wait(.milliseconds(50))
        }
    }

    private func takeSlot(id: UInt64) async throws {
        let cap = max(1, configuration.maxConcurrentRequests)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let granted: Bool? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return false }
                    if state.inFlight < cap && state.waiters.isEmpty {
                        state.inFlight += 1
                        return true
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                switch granted {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(id: UInt64, key: Key?) {
        let expires = ContinuousClock.now + configuration.window
        let next: Waiter? = state.withLock { state in
            state.cancelled.remove(id)
            if let key, let index = state.windows[key]?.firstIndex(where: { $0.id == id }) {
                state.windows[key]![index].expires = expires
            }
            if state.waiters.isEmpty {
                state.inFlight -= 1
                return nil
            }
            // The slot passes to the longest waiter.
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}

import EventLog
import GHRecords

/// A store a `Persister` writes: one batch at a time, idempotently.
public protocol PersisterSink: Sendable {
    associatedtype Configuration: PersisterConfiguration
    /// A batch made ready for `write`.
    associatedtype Prepared: Sendable
    /// The store's name in metrics and dead-letter errors.
    static var name: String { get }
    /// The topics the store takes.
    static func consumedTopics(_ topics: TopicNames) -> [String]
    /// Readies `batch` for `write` without I/O (decoding it); runs while the previous batch is written.
    func prepare(_ batch: [LogMessage]) -> Prepared
    /// Writes `batch`, consumed by `group` up to `positions`; returns what may be committed now (the dead letters
    /// of the messages it refused, and positions), or nil while it holds records back.
    func write(_ batch: Prepared, group: String, positions: CommitPositions) async throws -> Settlement?
    /// Writes whatever is held back and returns what may then be committed; nil when nothing is held.
    func flush() async throws -> Settlement?
    /// Forgets anything held back by an earlier run: the consumer starts again from the committed positions.
    func restart() async
}

extension PersisterSink {
    public func flush() async throws -> Settlement? { nil }
    public func restart() async {}
}

/// What a sink has made durable: the dead letters to publish and the positions to commit with them.
public struct Settlement: Sendable {
    public var deadLetters: [OutgoingMessage]
    public var positions: CommitPositions

    public init(deadLetters: [OutgoingMessage], positions: CommitPositions) {
        self.deadLetters = deadLetters
        self.positions = positions
    }
}

/// What every persister's settings hold.
public protocol PersisterConfiguration: Sendable {
    /// The consumer group.
    var group: String { get }
    /// Messages per batch at most.
    var batchSize: Int { get }
}

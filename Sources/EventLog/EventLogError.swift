/// An error from a transport: what failed, where, and whether trying again may help.
public struct EventLogError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unknownTopic, storage, closed, invalidArgument, broker, timeout }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The topic does not exist (create it first).
        public static let unknownTopic = Code(.unknownTopic)
        /// The log's durable storage failed (disk full, I/O error, lock timeout).
        public static let storage = Code(.storage)
        /// The log or consumer was closed.
        public static let closed = Code(.closed)
        /// An argument was out of range (partition, offset, topic spec).
        public static let invalidArgument = Code(.invalidArgument)
        /// The broker reported an error.
        public static let broker = Code(.broker)
        /// An operation did not complete in time.
        public static let timeout = Code(.timeout)

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// What was being done, with the topic or group it concerned.
    public let context: String
    /// The underlying error, if any.
    public let underlying: (any Error & Sendable)?
    /// True when the same call may succeed later (a lock, a broker briefly down).
    public let isRetriable: Bool

    public init(code: Code, context: String, underlying: (any Error & Sendable)? = nil, isRetriable: Bool = false) {
        self.code = code
        self.context = context
        self.underlying = underlying
        self.isRetriable = isRetriable
    }

    public var description: String {
        var text = "event log \(code): \(context)"
        if let underlying { text += ": \(underlying)" }
        return text
    }
}

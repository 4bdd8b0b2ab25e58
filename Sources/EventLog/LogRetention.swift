/// How long the embedded log keeps messages every consumer group has read.
///
/// A message is deleted once it is older than `age` and every group that committed on its topic, and every
/// group the caller names as required, has committed past it. A required group with no committed offset keeps
/// the whole topic. The newest message of each partition stays, so offsets never go back.
public struct LogRetention: Sendable, Hashable {
    /// Age past which consumed messages are deleted; nil keeps every message.
    public var age: Duration?

    public init(age: Duration?) {
        self.age = age
    }

    /// A zero age turned into `keepAll`.
    public var normalized: LogRetention { age == .zero ? .keepAll : self }

    /// Keeps every message.
    public static let keepAll = LogRetention(age: nil)
    /// The default: seven days.
    public static let `default` = LogRetention(age: .seconds(7 * 86_400))
}

/// What one retention pass removed.
public struct RetentionReport: Sendable, Hashable {
    /// Messages deleted.
    public var deletedMessages: Int
    /// Pages returned to the file system (size shrinks by this times the page size).
    public var reclaimedPages: Int
}

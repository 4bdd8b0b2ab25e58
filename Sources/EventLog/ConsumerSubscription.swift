/// A consumer's membership: its group, the topics it reads, and (embedded log) its share of partitions.
public struct ConsumerSubscription: Hashable, Sendable {
    /// The consumer group; committed offsets are kept per group.
    public var group: String
    public var topics: [String]
    /// This member's index within the group in one process (embedded log's static assignment). Default 0.
    public var memberIndex: Int
    /// How many members share the group in one process. Default 1.
    public var memberCount: Int
    /// Where a group with no committed offset starts. Default `.earliest`.
    public var startWhenUncommitted: SeekPosition
    /// Whether `publishAndCommit` should be one transaction where the transport offers them on request (Kafka's
    /// transactional producer); the embedded log's always is. Default false.
    public var transactional: Bool

    public init(
        group: String, topics: [String], memberIndex: Int = 0, memberCount: Int = 1,
        startWhenUncommitted: SeekPosition = .earliest, transactional: Bool = false
    ) {
        self.group = group
        self.topics = topics
        self.memberIndex = memberIndex
        self.memberCount = memberCount
        self.startWhenUncommitted = startWhenUncommitted
        self.transactional = transactional
    }

    /// True when partition `partition` belongs to this member under static assignment.
    public func owns(partition: Int32) -> Bool {
        Int(partition) % max(memberCount, 1) == memberIndex
    }
}

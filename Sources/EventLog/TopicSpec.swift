/// A topic to create: its name, partition count and replication factor.
public struct TopicSpec: Hashable, Sendable {
    public var name: String
    /// Number of partitions; bounds the parallelism of a consumer group. Default 8.
    public var partitions: Int32
    /// Replication factor on a broker (ignored by the embedded log). Default 1.
    public var replicationFactor: Int16

    public init(name: String, partitions: Int32 = 8, replicationFactor: Int16 = 1) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

/// The next offset to consume per partition: what a consumer commits once a batch's effect is durable.
public struct CommitPositions: Sendable, Hashable {
    public private(set) var offsets: [TopicPartition: Int64]

    public init(_ offsets: [TopicPartition: Int64] = [:]) {
        self.offsets = offsets
    }

    /// The positions just past every message in `messages`.
    public init(after messages: some Sequence<LogMessage>) {
        var offsets: [TopicPartition: Int64] = [:]
        for message in messages {
            let next = message.offset + 1
            let key = message.topicPartition
            if next > offsets[key, default: -1] { offsets[key] = next }
        }
        self.offsets = offsets
    }

    public var isEmpty: Bool { offsets.isEmpty }

    /// Merges `other`, keeping the higher position of each partition.
    public mutating func merge(_ other: CommitPositions) {
        offsets.merge(other.offsets) { max($0, $1) }
    }
}

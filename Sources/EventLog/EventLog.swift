/// The transport contract: topics of keyed, partitioned, durable messages with consumer-group offsets.
///
/// Implementations: `EmbeddedLog` (a SQLite file, the default) and the Kafka transport.
public protocol EventLog: Sendable {
    /// Creates the topics that do not exist yet; existing topics are left as they are.
    func createTopics(_ specs: [TopicSpec]) async throws
    /// Appends messages; returns once they are durable (acknowledged).
    func publish(_ messages: [OutgoingMessage]) async throws
    /// A consumer for `subscription`, positioned at the group's committed offsets.
    func makeConsumer(_ subscription: ConsumerSubscription) async throws -> any EventLogConsumer
    /// The next offset to be written, per partition of `topic`.
    func endOffsets(topic: String) async throws -> [Int32: Int64]
    /// The first offset still kept, per partition of `topic`.
    func startOffsets(topic: String) async throws -> [Int32: Int64]
    /// The group's committed next offsets per partition of `topic` (absent: never committed).
    func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64]
    /// Moves a group's committed offsets on `topic` (replay). No member of the group may be running.
    func resetOffsets(group: String, topic: String, to position: SeekPosition) async throws
    /// Releases the log's resources.
    func close() async throws
}

extension EventLog {
    /// Messages on `topics` not yet committed by `group`.
    public func lag(group: String, topics: [String]) async throws -> Int64 {
        var total: Int64 = 0
        for topic in topics {
            let end = try await endOffsets(topic: topic)
            let start = try await startOffsets(topic: topic)
            let committed = try await committedOffsets(group: group, topic: topic)
            for (partition, endOffset) in end {
                let position = committed[partition] ?? start[partition] ?? 0
                total += max(0, endOffset - position)
            }
        }
        return total
    }
}

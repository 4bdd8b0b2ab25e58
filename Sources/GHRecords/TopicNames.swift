/// Names of the topics ghstats uses, derived from one prefix (default `ghstats`).
public struct TopicNames: Sendable, Hashable {
    /// The prefix of every topic name; default `ghstats`.
    public var prefix: String

    public init(prefix: String = "ghstats") {
        self.prefix = prefix
    }

    /// Fetch tasks: the producer's output and the fetchers' input.
    public var tasks: String { "\(prefix).tasks" }
    /// Tasks that failed permanently, with the reason in their headers.
    public var deadLetters: String { "\(prefix).tasks.dlq" }

    /// The topic that carries records of one type (`ghstats.pull_requests` ...).
    public func records(_ type: RecordType) -> String {
        "\(prefix).\(type.pluralName)"
    }

    /// Record messages no store could accept (not valid JSON of their type), with the reason in their headers.
    public var recordDeadLetters: String { "\(prefix).records.dlq" }

    /// The record topics of every collected type.
    public var allRecordTopics: [String] { RecordType.collected.map(records) }

    /// The record type carried on a topic, if it is a record topic.
    public func recordType(ofTopic topic: String) -> RecordType? {
        // Asked once per message a persister reads: compared in place, building no topic name.
        let utf8 = topic.utf8
        guard utf8.starts(with: prefix.utf8), utf8.dropFirst(prefix.utf8.count).first == UInt8(ascii: ".") else {
            return nil
        }
        let plural = utf8.dropFirst(prefix.utf8.count + 1)
        return RecordType.collected.first { $0.pluralName.utf8.elementsEqual(plural) }
    }
}

import Foundation

/// A message read from a topic partition at an offset.
public struct LogMessage: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: String?
    public let value: [UInt8]
    public let headers: [String: String]
    /// When the message was appended.
    public let timestamp: Date

    public init(
        topic: String, partition: Int32, offset: Int64, key: String?, value: [UInt8], headers: [String: String],
        timestamp: Date
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

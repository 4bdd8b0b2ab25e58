/// A message to publish: the partition is chosen from the key, so one key keeps its order.
public struct OutgoingMessage: Sendable, Hashable {
    public var topic: String
    public var key: String
    public var value: [UInt8]
    public var headers: [String: String]
    /// Left out when the latest message of `key` still on the topic has this very value (a record fetched again
    /// unchanged). The embedded log decides it in the publishing transaction; Kafka publishes every message.
    public var skipIfUnchanged: Bool

    public init(
        topic: String, key: String, value: [UInt8], headers: [String: String] = [:], skipIfUnchanged: Bool = false
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.skipIfUnchanged = skipIfUnchanged
    }
}

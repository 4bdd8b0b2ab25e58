/// A message to publish: the partition is chosen from the key, so one key keeps its order.
public struct OutgoingMessage: Sendable, Hashable {
    public var topic: String
    public var key: String
    public var value: [UInt8]
    public var headers: [String: String]

    public init(topic: String, key: String, value: [UInt8], headers: [String: String] = [:]) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

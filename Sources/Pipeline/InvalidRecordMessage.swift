import EventLog

/// A message on a record topic that a store cannot take (no record type it holds): where it sits and why.
struct InvalidRecordMessage: Error, CustomStringConvertible {
    let topic: String
    let partition: Int32
    let offset: Int64
    let reason: String

    init(_ message: LogMessage, reason: String) {
        self.topic = message.topic
        self.partition = message.partition
        self.offset = message.offset
        self.reason = reason
    }

    var description: String { "\(topic)[\(partition)]@\(offset): \(reason)" }
}

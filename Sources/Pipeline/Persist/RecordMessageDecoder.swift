import CloudStore
import EventLog
import GHRecords

/// Turns a batch of record messages into cloud rows; messages that are not valid records become dead letters.
struct RecordMessageDecoder {
    let topics: TopicNames
    /// Names the store in the dead letter's error, since every store's group rejects the same message.
    let store: String

    func decode(_ batch: [LogMessage]) -> (rows: [CloudRow], rejected: [OutgoingMessage]) {
        let factory = MessageFactory(topics: topics)
        var rows: [CloudRow] = []
        var rejected: [OutgoingMessage] = []
        rows.reserveCapacity(batch.count)
        for message in batch where topics.recordType(ofTopic: message.topic) != nil {
            do {
                guard let record = try SQLitePersister.decodeRecord(message, topics: topics) as? any CloudRecord else {
                    throw InvalidRecordMessage(message, reason: "no record type the cloud stores hold")
                }
                rows.append(
                    CloudRow(
                        record: record, json: try RecordCoding.encode(record),
                        message: LogMessageReference(
                            topic: message.topic, partition: message.partition, offset: message.offset,
                            timestamp: message.timestamp)))
            } catch {
                rejected.append(
                    factory.deadLetter(message, reason: "invalid_record", error: "\(store): \(error)", attempts: 1))
            }
        }
        return (rows, rejected)
    }
}

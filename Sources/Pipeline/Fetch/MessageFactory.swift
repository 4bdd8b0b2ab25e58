import EventLog
import Foundation
import GHArchive
import GHRecords
import Telemetry

/// Builds the messages of ghstats: records and tasks as schema-versioned JSON with their headers.
package struct MessageFactory: Sendable {
    let topics: TopicNames

    package init(topics: TopicNames) {
        self.topics = topics
    }

    func record<R: GHRecord>(_ record: R, collectionID: String, fetchedAt: Date) throws -> OutgoingMessage {
        OutgoingMessage(
            topic: topics.records(R.recordType), key: record.naturalKey, value: try RecordCoding.encode(record),
            headers: Self.recordHeaders(R.recordType, collectionID: collectionID, fetchedAt: fetchedAt),
            skipIfUnchanged: true)
    }

    /// The headers of every record message of one type, collection and fetch time.
    static func recordHeaders(_ type: RecordType, collectionID: String, fetchedAt: Date) -> [String: String] {
        [
            MessageHeaders.schema: type.schemaHeader,
            MessageHeaders.collectionID: collectionID,
            MessageHeaders.fetchedAt: ISO8601Timestamp.format(fetchedAt),
        ]
    }

    /// Record messages of one type in bulk (a GH Archive hour's events): topic and headers made once, each
    /// record written by its own JSON form.
    struct RecordBatch<R: GHRecord & FastJSONRecord> {
        let topic: String
        let headers: [String: String]

        func message(_ record: R) -> OutgoingMessage {
            OutgoingMessage(topic: topic, key: record.naturalKey, value: record.fastJSON(), headers: headers)
        }
    }

    func records<R: GHRecord & FastJSONRecord>(_ type: R.Type, collectionID: String, fetchedAt: Date) -> RecordBatch<R>
    {
        RecordBatch(
            topic: topics.records(R.recordType),
            headers: Self.recordHeaders(R.recordType, collectionID: collectionID, fetchedAt: fetchedAt))
    }

    package func task(_ task: FetchTask) throws -> OutgoingMessage {
        OutgoingMessage(
            topic: topics.tasks, key: task.partitionKey, value: try RecordCoding.encode(task),
            headers: [
                MessageHeaders.schema: RecordType.fetchTask.schemaHeader,
                MessageHeaders.collectionID: task.collectionId,
            ])
    }

    /// A dead letter for one GH Archive line that is not an event: the line itself, with where and why.
    func rejectedLine(
        _ line: String, of file: String, task: FetchTask, rejection: GHArchiveEventParser.Rejection
    )
        -> OutgoingMessage
    {
        OutgoingMessage(
            topic: topics.recordDeadLetters, key: "\(file)#\(rejection.line)", value: Array(line.utf8),
            headers: [
                MessageHeaders.collectionID: task.collectionId,
                MessageHeaders.deadLetterReason: "invalid_event_line",
                MessageHeaders.deadLetterError: "\(file) \(rejection)",
                MessageHeaders.deadLetterAttempts: "1",
            ])
    }

    /// A dead letter for a task message: the original value, with the reason in headers.
    func deadLetter(_ message: LogMessage, reason: String, error: String, attempts: Int) -> OutgoingMessage {
        PipelineMetrics.deadLettered(reason: reason)
        var headers = message.headers
        headers[MessageHeaders.deadLetterReason] = reason
        headers[MessageHeaders.deadLetterError] = error
        headers[MessageHeaders.deadLetterAttempts] = String(attempts)
        headers["ghstats-dlq-source"] = "\(message.topic)[\(message.partition)]@\(message.offset)"
        return OutgoingMessage(
            topic: message.topic == topics.tasks ? topics.deadLetters : topics.recordDeadLetters,
            key: message.key ?? "", value: message.value, headers: headers)
    }
}

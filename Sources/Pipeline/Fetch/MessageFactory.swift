import EventLog
import Foundation
import GHArchive
import GHRecords

/// Builds the messages of ghstats: records and tasks as schema-versioned JSON with their headers.
struct MessageFactory: Sendable {
    let topics: TopicNames

    func record<R: GHRecord>(_ record: R, collectionID: String, fetchedAt: Date) throws -> OutgoingMessage {
        OutgoingMessage(
            topic: topics.records(R.recordType), key: record.naturalKey, value: try RecordCoding.encode(record),
            headers: [
                MessageHeaders.schema: R.recordType.schemaHeader,
                MessageHeaders.collectionID: collectionID,
                MessageHeaders.fetchedAt: fetchedAt.formatted(.iso8601),
            ])
    }

    func task(_ task: FetchTask) throws -> OutgoingMessage {
        OutgoingMessage(
            topic: topics.tasks, key: task.partitionKey, value: try RecordCoding.encode(task),
            headers: [
                MessageHeaders.schema: RecordType.fetchTask.schemaHeader,
                MessageHeaders.collectionID: task.collectionId,
            ])
    }

    /// A dead letter for one GH Archive line that is not an event: the line itself, with where and why.
    func rejectedLine(_ line: String, of file: String, task: FetchTask, rejection: GHArchiveEventParser.Rejection)
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

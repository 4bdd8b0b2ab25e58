import CloudStore
import EventLog
import GHRecords
import Store

/// Turns record messages into records; messages that are not valid records become dead letters.
package struct RecordMessageDecoder {
    let topics: TopicNames
    /// Names the store in the dead letter's error, since every store's group rejects the same message.
    let store: String

    /// The cloud rows of `batch`, each keeping its message, whose bytes are the row's JSON.
    func decode(_ batch: [LogMessage]) -> CloudBatch {
        let factory = MessageFactory(topics: topics)
        var rows: [CloudRow] = []
        var refused: [OutgoingMessage] = []
        rows.reserveCapacity(batch.count)
        for message in batch where topics.recordType(ofTopic: message.topic) != nil {
            do {
                guard let record = try Self.storedRecord(message, topics: topics) as? any CloudRecord else {
                    throw InvalidRecordMessage(message, reason: "no record type the cloud stores hold")
                }
                rows.append(CloudRow(record: record, message: message))
            } catch {
                refused.append(
                    factory.deadLetter(message, reason: "invalid_record", error: "\(store): \(error)", attempts: 1))
            }
        }
        return CloudBatch(rows: rows, refused: refused)
    }

    /// The record a message on a record topic holds. Its `ghstats-schema` header, when present, must name the
    /// topic's record type at a version this build reads: a newer writer's message is refused, not misread.
    package static func storedRecord(_ message: LogMessage, topics: TopicNames) throws -> any StoredRecord {
        guard let type = topics.recordType(ofTopic: message.topic) else {
            throw InvalidRecordMessage(message, reason: "no record type this build stores")
        }
        if let header = message.headers[MessageHeaders.schema], !type.reads(schemaHeader: header) {
            throw InvalidRecordMessage(
                message,
                reason: "schema \(header) is not \(type.name) up to the version \(type.schemaVersion) this build reads")
        }
        switch type {
        case .repository: return try RecordCoding.decode(Repository.self, from: message.value)
        case .pullRequest: return try RecordCoding.decode(PullRequest.self, from: message.value)
        case .commit: return try RecordCoding.decode(Commit.self, from: message.value)
        case .review: return try RecordCoding.decode(Review.self, from: message.value)
        case .reviewComment: return try RecordCoding.decode(ReviewComment.self, from: message.value)
        case .issueComment: return try RecordCoding.decode(IssueComment.self, from: message.value)
        case .event: return try RecordCoding.decode(GitHubEvent.self, from: message.value)
        case .ghArchiveHour: return try RecordCoding.decode(GHArchiveHourRecord.self, from: message.value)
        default: throw InvalidRecordMessage(message, reason: "no record type this build stores")
        }
    }
}

/// A batch decoded for a cloud store: its rows, and the dead letters of messages that hold no valid record.
public struct CloudBatch: Sendable {
    let rows: [CloudRow]
    let refused: [OutgoingMessage]
}

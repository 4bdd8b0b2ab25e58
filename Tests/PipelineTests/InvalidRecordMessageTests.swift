import EventLog
import Foundation
import GHRecords
import Testing

@testable import Pipeline

/// A record message no store can take fails with the records' own error, naming where the message sits.
@Suite struct InvalidRecordMessageTests {
    @Test func aMessageOnATopicWithoutARecordTypeIsAnInvalidRecordNamingItsPosition() {
        let message = LogMessage(
            topic: "ghstats.tasks", partition: 3, offset: 42, key: nil, value: Array("{}".utf8), headers: [:],
            timestamp: Date())
        let error = #expect(throws: InvalidRecordMessage.self) {
            try RecordMessageDecoder.storedRecord(message, topics: TopicNames())
        }
        #expect(error?.description == "ghstats.tasks[3]@42: no record type this build stores")
    }

    @Test func theSchemaHeaderIsReadAndANewerOrForeignSchemaIsRefused() throws {
        let commit = Commit(
            org: "o", repo: "r", sha: "abc", authorLogin: nil, authorName: nil, committerLogin: nil, authoredAt: nil,
            committedAt: Date(timeIntervalSince1970: 0), message: "m", parentCount: 1, additions: nil, deletions: nil)
        let topics = TopicNames()
        func message(_ header: String?) throws -> LogMessage {
            LogMessage(
                topic: topics.records(.commit), partition: 0, offset: 7, key: commit.naturalKey,
                value: try RecordCoding.encode(commit), headers: header.map { [MessageHeaders.schema: $0] } ?? [:],
                timestamp: Date())
        }
        for readable in [nil, "commit/1"] {
            let record = try RecordMessageDecoder.storedRecord(try message(readable), topics: topics)
            #expect((record as? Commit)?.sha == "abc")
        }
        for refused in ["commit/2", "pull_request/1", "commit", "commit/x"] {
            let error = #expect(throws: InvalidRecordMessage.self) {
                try RecordMessageDecoder.storedRecord(try message(refused), topics: topics)
            }
            #expect(error?.description.contains("schema \(refused)") == true)
        }
    }
}

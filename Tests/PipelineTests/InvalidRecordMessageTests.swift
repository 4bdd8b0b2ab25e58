import EventLog
import Foundation
import GHRecords
@testable import Pipeline
import Testing

/// A record message no store can take fails with the records' own error, naming where the message sits.
@Suite struct InvalidRecordMessageTests {
    @Test func aMessageOnATopicWithoutARecordTypeIsAnInvalidRecordNamingItsPosition() {
        let message = LogMessage(
            topic: "ghstats.tasks", partition: 3, offset: 42, key: nil, value: Array("{}".utf8), headers: [:],
            timestamp: Date())
        let error = #expect(throws: InvalidRecordMessage.self) {
            try SQLitePersister.decodeRecord(message, topics: TopicNames())
        }
        #expect(error?.description == "ghstats.tasks[3]@42: no record type this build stores")
    }
}

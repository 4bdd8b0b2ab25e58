import EventLog
import Foundation
import KafkaLog
import TestSupport
import Testing

/// What the Kafka transport promises beyond the shared contract.
@Suite struct KafkaConsumerTests {
    @Test(.requires(.kafkaMock)) func aMemberThatDoesNotPollPastMaxPollIntervalKeepsItsPartitionsAndCommits()
        async throws
    {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cluster = try MockClusters.cluster(for: directory)
        var configuration = cluster.configuration()
        configuration.properties["max.poll.interval.ms"] = "7000"
        configuration.consumerBufferMessages = 10
        let log = MockClusterLog(cluster: cluster, log: try KafkaLog(configuration: configuration, logger: .quiet))
        try await log.createTopics([TopicSpec(name: "slow", partitions: 2)])
        try await log.publish(EventLogConformanceTests.messages(100, topic: "slow", keys: 10))
        let consumer = try await log.makeConsumer(ConsumerSubscription(group: "g", topics: ["slow"]))
        let first = try await EventLogConformanceTests.drain(consumer, count: 5, max: 5)
        // Longer than max.poll.interval.ms without asking for messages (a fetcher waiting for a rate-limit reset).
        try await Task.sleep(for: .seconds(9))
        try await consumer.commit(CommitPositions(after: first))
        let rest = try await EventLogConformanceTests.drain(consumer, count: 95)
        try await consumer.commit(CommitPositions(after: rest))
        #expect(Set((first + rest).map { "\($0.partition)/\($0.offset)" }).count == 100)
        #expect(try await log.lag(group: "g", topics: ["slow"]) == 0)
        await consumer.close()
        try await log.close()
    }

    @Test func aBadPropertyIsRejectedNamingItWithoutShowingASecret() throws {
        var configuration = KafkaConfiguration(brokers: "127.0.0.1:1")
        configuration.properties["sasl.password"] = "hunter2"
        configuration.properties["no.such.property"] = "1"
        #expect {
            _ = try KafkaLog(configuration: configuration, logger: .quiet)
        } throws: { error in
            let text = "\(error)"
            return text.contains("no.such.property") && !text.contains("hunter2")
        }
        configuration.properties["no.such.property"] = nil
        configuration.properties["security.protocol"] = "carrier-pigeon"
        #expect {
            _ = try KafkaLog(configuration: configuration, logger: .quiet)
        } throws: { error in
            let text = "\(error)"
            return text.contains("security.protocol") && !text.contains("hunter2")
        }
    }
}

import ArgumentParser
import EventLog
import Foundation
import GHRecords
import KafkaLog
import Logging
import Pipeline
import Store
import Synchronization
import TestSupport

/// Measures the SQLite persister: records/s from the record topics into SQLite through the embedded log and
/// through Kafka (librdkafka's mock cluster in its own process, or `--brokers`), and the p50/p99 latency of
/// its commits (rows + offsets, then the group's offsets).
@main
struct PersistBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ghstats-persist-bench")

    @Option(help: "Records to persist per transport.") var records: Int = 100_000
    @Option(help: "Records per persister batch (one store transaction and one commit).") var batchSize: Int = 5_000
    @Option(help: "Kafka bootstrap servers; default: a mock cluster started for the run.") var brokers: String?
    @Flag(help: "Only read the topics (no store), to see the transport's own rate.") var drainOnly = false
    @Option(help: "Transports to measure: embedded, kafka (repeatable).") var transport: [String] = [
        "embedded", "kafka",
    ]
    @Option(help: "Page size of the benchmark's store file, in bytes (the store's default unless given).")
    var storePageSize: Int?

    func run() async throws {
        let messages = try Self.messages(count: records)
        let bytes = messages.reduce(0) { $0 + $1.value.count }
        print(
            "ghstats persist benchmark: \(records) records (\(bytes / 1_000_000) MB of JSON: pull requests, issue comments, commits), batches of \(batchSize)"
        )
        try await printStages(messages, bytes: bytes)
        print(
            "transport                              records/s    MB/s   commit p50 ms   commit p99 ms   batches"
                + "   CPU s")
        for name in transport {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ghstats-persist-bench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var cluster: KafkaMockCluster?
            let log: any EventLog
            let label: String
            switch name {
            case "embedded":
                log = try EmbeddedLog(
                    configuration: EmbeddedLogConfiguration(path: directory.appendingPathComponent("log.db").path))
                label = "embedded log (SQLite file)"
            case "kafka":
                var kafka: KafkaConfiguration
                if let brokers {
                    kafka = KafkaConfiguration(brokers: brokers)
                    label = "Kafka \(brokers)"
                } else {
                    let mock = try KafkaMockCluster()
                    cluster = mock
                    kafka = mock.configuration()
                    label = "Kafka (mock cluster, 3 brokers)"
                }
                kafka.properties["fetch.max.bytes"] = "52428800"
                kafka.properties["linger.ms"] = "100"
                kafka.properties["batch.size"] = "4000000"
                let kafkaLog = try KafkaLog(
                    configuration: kafka, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
                log = cluster.map { MockClusterLog(cluster: $0, log: kafkaLog) } ?? kafkaLog
            default:
                throw ValidationError("--transport takes embedded or kafka")
            }
            let result = try await measure(log: log, messages: messages, directory: directory)
            try await log.close()
            cluster?.stop()
            let seconds = result.elapsed.seconds
            print(
                label.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + String(
                        format: " %11.0f  %6.1f  %14.2f  %14.2f  %8d  %6.2f", Double(records) / seconds,
                        Double(bytes) / 1_000_000 / seconds, result.p50 * 1_000, result.p99 * 1_000, result.commits,
                        result.cpu))
        }
    }

    struct Result {
        let elapsed: Duration
        let p50: Double
        let p99: Double
        let commits: Int
        /// CPU time of the whole process while it ran, every thread.
        var cpu: Double = 0
    }

    func measure(log: any EventLog, messages: [OutgoingMessage], directory: URL) async throws -> Result {
        let topics = TopicNames()
        var pipeline = PipelineConfiguration()
        pipeline.recordPartitions = 4
        try await log.createTopics(pipeline.topicSpecs)
        for start in stride(from: 0, to: messages.count, by: 5_000) {
            try await log.publish(Array(messages[start..<min(start + 5_000, messages.count)]))
        }
        if drainOnly {
            let consumer = try await log.makeConsumer(
                ConsumerSubscription(group: "drain", topics: SQLitePersister.consumedTopics(topics)))
            let started = ContinuousClock.now
            let cpu = Self.processCPUSeconds()
            var received = 0
            while received < messages.count {
                received += try await consumer.poll(maxMessages: batchSize, timeout: .milliseconds(200)).count
            }
            let elapsed = ContinuousClock.now - started
            await consumer.close()
            return Result(elapsed: elapsed, p50: 0, p99: 0, commits: 0, cpu: Self.processCPUSeconds() - cpu)
        }
        let store = try SQLiteStore(
            path: directory.appendingPathComponent("ghstats.db").path, pageSize: storePageSize ?? SQLiteStore.pageSize)
        let timed = TimedLog(base: log)
        var configuration = SQLitePersister.Configuration()
        configuration.batchSize = batchSize
        let persister = SQLitePersister(
            log: timed, store: store, topics: topics, configuration: configuration,
            logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let started = ContinuousClock.now
        let cpu = Self.processCPUSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await persister.run() }
            // The store's own checkpoint (a few rows), not COUNT(*) over the tables being written.
            while try await store.sinkOffsets(group: configuration.group).values.reduce(0, +) < Int64(messages.count) {
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
        }
        let elapsed = ContinuousClock.now - started
        let cpuSeconds = Self.processCPUSeconds() - cpu
        let latencies = timed.latencies.map(\.seconds).sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return Result(
            elapsed: elapsed, p50: percentile(0.5), p99: percentile(0.99), commits: latencies.count, cpu: cpuSeconds)
    }

    /// One line per stage of the persister, each timed alone over all records, so a regression shows where it is:
    /// reading records from their JSON, encoding them as rows, and upserting the rows into a fresh store (rows and
    /// offsets, one transaction per batch).
    func printStages(_ messages: [OutgoingMessage], bytes: Int) async throws {
        let topics = TopicNames()
        let logged = messages.enumerated().map { index, message in
            LogMessage(
                topic: message.topic, partition: 0, offset: Int64(index), key: message.key, value: message.value,
                headers: message.headers, timestamp: Date())
        }
        print("stage                                  records/s    MB/s   CPU s")
        func line(_ name: String, _ elapsed: Duration, cpu: Double) {
            let seconds = elapsed.seconds
            print(
                name.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + String(
                        format: " %11.0f  %6.1f  %6.2f", Double(messages.count) / seconds,
                        Double(bytes) / 1_000_000 / seconds, cpu))
        }
        let clock = ContinuousClock()
        var decoded: [[any StoredRecord]] = []
        var cpu = Self.processCPUSeconds()
        let decoding = try clock.measure {
            for start in stride(from: 0, to: logged.count, by: batchSize) {
                decoded.append(
                    try logged[start..<min(start + batchSize, logged.count)].map {
                        try RecordMessageDecoder.storedRecord($0, topics: topics)
                    })
            }
        }
        line("read records from JSON", decoding, cpu: Self.processCPUSeconds() - cpu)
        var encoded: [StoredRows] = []
        cpu = Self.processCPUSeconds()
        let encoding = clock.measure { encoded = decoded.map { StoredRows($0) } }
        line("encode rows (dates, JSON arrays)", encoding, cpu: Self.processCPUSeconds() - cpu)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ghstats-persist-stage-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(
            path: directory.appendingPathComponent("ghstats.db").path, pageSize: storePageSize ?? SQLiteStore.pageSize)
        let started = clock.now
        cpu = Self.processCPUSeconds()
        for (index, rows) in encoded.enumerated() {
            let positions = CommitPositions([
                TopicPartition(topic: "bench", partition: 0): Int64((index + 1) * batchSize)
            ])
            try await store.write(rows, deadLetters: [], group: "bench", positions: positions)
        }
        line(
            "upsert into SQLite (page \(storePageSize ?? SQLiteStore.pageSize) B)", clock.now - started,
            cpu: Self.processCPUSeconds() - cpu)
        await store.close()
    }

    /// CPU time of the whole process so far, every thread.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func messages(count: Int) throws -> [OutgoingMessage] {
        let topics = TopicNames()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var messages: [OutgoingMessage] = []
        messages.reserveCapacity(count)
        for index in 0..<count {
            let repo = "repo-\(index % 50)"
            let at = start.addingTimeInterval(Double(index))
            let message: OutgoingMessage
            switch index % 3 {
            case 0:
                let record = PullRequest(
                    id: Int64(index), org: "bench", repo: repo, number: index, title: "Change \(index)",
                    state: "closed",
                    authorLogin: "dev-\(index % 40)", authorType: "User", draft: false, createdAt: at, updatedAt: at,
                    closedAt: at, mergedAt: at, merged: true, mergedBy: "lead", additions: index % 500,
                    deletions: index % 90, changedFiles: index % 12, commits: 3, comments: 2, reviewComments: 1,
                    labels: ["bench"], requestedReviewers: [], baseRef: "main", headRef: "topic-\(index)")
                message = OutgoingMessage(
                    topic: topics.records(.pullRequest), key: record.naturalKey, value: try RecordCoding.encode(record))
            case 1:
                let record = IssueComment(
                    id: Int64(index), org: "bench", repo: repo, issueNumber: index - 1,
                    authorLogin: "dev-\(index % 40)",
                    authorType: "User", body: "Looks good to me, one nit about the naming in this change.",
                    createdAt: at,
                    updatedAt: at)
                message = OutgoingMessage(
                    topic: topics.records(.issueComment), key: record.naturalKey, value: try RecordCoding.encode(record)
                )
            default:
                let record = Commit(
                    org: "bench", repo: repo, sha: String(format: "%040x", index), authorLogin: "dev-\(index % 40)",
                    authorName: "Developer \(index % 40)", committerLogin: "dev-\(index % 40)", authoredAt: at,
                    committedAt: at, message: "Change \(index): make the thing faster", parentCount: 1)
                message = OutgoingMessage(
                    topic: topics.records(.commit), key: record.naturalKey, value: try RecordCoding.encode(record))
            }
            messages.append(message)
        }
        return messages
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A transport whose consumers time their commits.
final class TimedLog: EventLog, Sendable {
    let base: any EventLog
    private let recorded = Mutex<[Duration]>([])

    init(base: any EventLog) { self.base = base }

    var latencies: [Duration] { recorded.withLock { $0 } }
    func record(_ duration: Duration) { recorded.withLock { $0.append(duration) } }

    func createTopics(_ specs: [TopicSpec]) async throws { try await base.createTopics(specs) }
    func publish(_ messages: [OutgoingMessage]) async throws { try await base.publish(messages) }
    func makeConsumer(_ subscription: ConsumerSubscription) async throws -> any EventLogConsumer {
        TimedConsumer(base: try await base.makeConsumer(subscription), log: self)
    }
    func endOffsets(topic: String) async throws -> [Int32: Int64] { try await base.endOffsets(topic: topic) }
    func startOffsets(topic: String) async throws -> [Int32: Int64] { try await base.startOffsets(topic: topic) }
    func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64] {
        try await base.committedOffsets(group: group, topic: topic)
    }
    func resetOffsets(group: String, topic: String, to position: SeekPosition) async throws {
        try await base.resetOffsets(group: group, topic: topic, to: position)
    }
    func close() async throws {}
}

final class TimedConsumer: EventLogConsumer, Sendable {
    let base: any EventLogConsumer
    let log: TimedLog

    init(base: any EventLogConsumer, log: TimedLog) {
        self.base = base
        self.log = log
    }

    var subscription: ConsumerSubscription { base.subscription }
    func poll(maxMessages: Int, timeout: Duration) async throws -> [LogMessage] {
        try await base.poll(maxMessages: maxMessages, timeout: timeout)
    }
    func commit(_ positions: CommitPositions) async throws {
        let started = ContinuousClock.now
        try await base.commit(positions)
        log.record(ContinuousClock.now - started)
    }
    func publishAndCommit(_ messages: [OutgoingMessage], positions: CommitPositions) async throws {
        let started = ContinuousClock.now
        try await base.publishAndCommit(messages, positions: positions)
        log.record(ContinuousClock.now - started)
    }
    func seek(_ partition: TopicPartition, to position: SeekPosition) async throws {
        try await base.seek(partition, to: position)
    }
    func close() async { await base.close() }
}

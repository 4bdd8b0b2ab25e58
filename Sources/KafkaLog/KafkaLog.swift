import CRdKafka
import EventLog
import Foundation
import Logging
import Synchronization

/// The Kafka transport: topics on a Kafka-protocol cluster through librdkafka.
///
/// Publishing is idempotent and acknowledged by all in-sync replicas; consumers commit manually, after their
/// effect is durable (at-least-once: sinks are idempotent, so redelivery leaves no duplicates in a store).
public final class KafkaLog: EventLog, @unchecked Sendable {
    public let configuration: KafkaConfiguration
    let producer: KafkaProducer
    private let logger: Logger
    /// Group-bound clients for reading and moving a group's committed offsets, by group.
    private let groupClients = Mutex<[String: GroupOffsetsClient]>([:])
    /// Topics seen in metadata: publishing to any other fails at once instead of waiting for auto-creation.
    private let knownTopics = Mutex<Set<String>>([])
    /// Every call, so that `close` never releases a client under one; calls after `close` throw `.closed`.
    private let uses = ClientUses("Kafka log")
    /// Set once the cluster refused a transactional producer (`KAFKA_TRANSACTIONS=auto`): not asked again.
    private let transactionsRefused = Mutex(false)
    /// The consumers made here, closed with the log.
    private let consumers = Mutex<[WeakConsumer]>([])
    /// Digests of what was published, to leave out records fetched again unchanged; nil when not configured.
    let published: PublishedValues?

    private struct WeakConsumer {
        weak var consumer: KafkaConsumer?
    }

    /// The librdkafka version this process loaded (`2.0.2`, ...).
    public static var libraryVersion: String { String(cString: rd_kafka_version_str()) }

    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.producer = try KafkaProducer(configuration: configuration, logger: logger)
        self.published = try configuration.publishedValuesPath.map {
            try PublishedValues(path: $0, ttl: configuration.unchangedTTL)
        }
    }

    public func createTopics(_ specs: [TopicSpec]) async throws {
        try await uses.use("creating topics \(specs.map(\.name))") { try await createMissing(specs) }
    }

    private func createMissing(_ specs: [TopicSpec]) async throws {
        let existing = try await topicPartitionCounts(specs.map(\.name))
        let missing = specs.filter { existing[$0.name] == nil }
        guard !missing.isEmpty else { return }
        nonisolated(unsafe) let handle = producer.handle
        let timeout = configuration.requestTimeoutMilliseconds
        try await offThePool {
            try Self.create(missing, handle: handle, timeout: timeout)
        }
        // Metadata reaches every broker shortly after creation: wait until the topics have their partitions.
        let deadline = ContinuousClock.now + configuration.requestTimeout
        while true {
            let counts = try await topicPartitionCounts(missing.map(\.name))
            if missing.allSatisfy({ counts[$0.name] == $0.partitions }) { return }
            guard ContinuousClock.now < deadline else {
                throw EventLogError(
                    code: .timeout, context: "topics \(missing.map(\.name)) created but not visible in metadata")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func create(_ specs: [TopicSpec], handle: OpaquePointer, timeout: Int32) throws {
        var errorText = [CChar](repeating: 0, count: 512)
        var topics: [OpaquePointer?] = []
        defer { for topic in topics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in specs {
            guard
                let topic = rd_kafka_NewTopic_new(
                    spec.name, spec.partitions, Int32(spec.replicationFactor), &errorText, errorText.count)
            else {
                throw EventLogError(code: .invalidArgument, context: "topic \(spec.name): \(cText(errorText))")
            }
            topics.append(topic)
        }
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout, &errorText, errorText.count)
        rd_kafka_CreateTopics(handle, &topics, topics.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout + 1_000) else {
            throw EventLogError(code: .timeout, context: "creating topics \(specs.map(\.name))")
        }
        defer { rd_kafka_event_destroy(event) }
        let code = rd_kafka_event_error(event)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.broker(
                code,
                "creating topics \(specs.map(\.name)) (a broker without CreateTopics needs them created beforehand)")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            let topicResult = results[index]
            let code = rd_kafka_topic_result_error(topicResult)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                let name = String(cString: rd_kafka_topic_result_name(topicResult))
                throw KafkaError.broker(code, "creating topic \(name)")
            }
        }
    }

    /// Partition counts of the topics that exist among `names`.
    func topicPartitionCounts(_ names: [String]) async throws -> [String: Int32] {
        nonisolated(unsafe) let handle = producer.handle
        let timeout = configuration.requestTimeoutMilliseconds
        return try await offThePool {
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle, 1, nil, &metadata, timeout)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw KafkaError.broker(code, "reading cluster metadata")
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            var counts: [String: Int32] = [:]
            let wanted = Set(names)
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let topic = metadata.pointee.topics[index]
                let name = String(cString: topic.topic)
                guard wanted.contains(name), topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                counts[name] = topic.partition_cnt
            }
            return counts
        }
    }

    func partitions(of topic: String) async throws -> [Int32] {
        guard let count = try await topicPartitionCounts([topic])[topic] else {
            throw EventLogError(code: .unknownTopic, context: "topic \(topic)")
        }
        return Array(0..<count)
    }

    /// Publishes `messages`, leaving out those marked `skipIfUnchanged` whose value went out last under their key
    /// (when `publishedValuesPath` is set).
    public func publish(_ messages: [OutgoingMessage]) async throws {
        try await uses.use("publishing \(messages.count) messages") {
            let sending = try await published?.changed(messages) ?? messages
            guard !sending.isEmpty else { return }
            try await requireTopics(sending)
            try await producer.publish(sending)
            try await published?.record(sending)
        }
    }

    /// Fails naming the first topic of `messages` the cluster does not have.
    func requireTopics(_ messages: [OutgoingMessage]) async throws {
        let unknown = knownTopics.withLock { known in Set(messages.map(\.topic)).subtracting(known) }
        guard !unknown.isEmpty else { return }
        let found = try await topicPartitionCounts(Array(unknown))
        knownTopics.withLock { $0.formUnion(found.keys) }
        if let missing = unknown.subtracting(found.keys).sorted().first {
            throw EventLogError(code: .unknownTopic, context: "topic \(missing) does not exist (create it first)")
        }
    }

    public func makeConsumer(_ subscription: ConsumerSubscription) async throws -> any EventLogConsumer {
        try uses.enter("joining group \(subscription.group)")
        defer { uses.leave() }
        let transactions = try await transactionalProducer(for: subscription)
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(
                subscription: subscription, configuration: configuration, log: self, transactions: transactions,
                logger: logger)
        } catch {
            await transactions?.close()
            throw error
        }
        consumers.withLock { consumers in
            consumers.removeAll { $0.consumer == nil }
            consumers.append(WeakConsumer(consumer: consumer))
        }
        return consumer
    }

    /// The transactional producer of a member asking for one, or nil: not asked, `KAFKA_TRANSACTIONS=off`, or (with
    /// `auto`) a cluster that refused the first one, said once as a warning. With `on` a refusal fails the member.
    private func transactionalProducer(for subscription: ConsumerSubscription) async throws -> TransactionalProducer? {
        guard subscription.transactional, configuration.transactions != .off,
            !transactionsRefused.withLock({ $0 })
        else { return nil }
        let prefix = configuration.transactionalID ?? Self.defaultTransactionalID
        let id = "\(prefix)-\(subscription.group)-\(subscription.memberIndex)"
        do {
            let producer = try await TransactionalProducer(id: id, configuration: configuration, logger: logger)
            logger.info(
                "publishing in transactions: a batch's messages and offsets commit together",
                metadata: ["kafka.transactional_id": "\(id)"])
            return producer
        } catch {
            if configuration.transactions == .on {
                throw EventLogError(
                    code: .invalidArgument,
                    context: "KAFKA_TRANSACTIONS=on, but the cluster refused a transactional producer: \(error)")
            }
            refuseTransactions(because: "\(error)")
            return nil
        }
    }

    /// True once the cluster showed it cannot do transactions: members publish at least once from then on.
    var transactionsAreRefused: Bool { transactionsRefused.withLock { $0 } }

    /// Records that the cluster cannot do transactions, said once as a warning.
    func refuseTransactions(because reason: String) {
        let first = transactionsRefused.withLock { refused in
            defer { refused = true }
            return !refused
        }
        guard first else { return }
        logger.warning(
            "the cluster cannot do transactions: publishing at least once instead (the stores de-duplicate; subscribers may see a record twice)",
            metadata: ["error": "\(reason)"])
    }

    /// The host name and process id: distinct between processes running at once.
    static var defaultTransactionalID: String {
        "ghstats-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Low and high watermarks per partition, every partition asked at once: with a broker down, the answer (an
    /// error naming the partition) comes after one request timeout, not one per partition.
    func watermarks(topic: String) async throws -> [Int32: (low: Int64, high: Int64)] {
        let partitions = try await partitions(of: topic)
        nonisolated(unsafe) let handle = producer.handle
        let timeout = configuration.requestTimeoutMilliseconds
        return try await withThrowingTaskGroup(of: (Int32, Int64, Int64).self) { group in
            for partition in partitions {
                group.addTask {
                    try await offThePool {
                        var low: Int64 = 0
                        var high: Int64 = 0
                        let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout)
                        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                            throw KafkaError.broker(code, "reading offsets of \(topic)[\(partition)]")
                        }
                        return (partition, low, high)
                    }
                }
            }
            var result: [Int32: (low: Int64, high: Int64)] = [:]
            for try await (partition, low, high) in group { result[partition] = (low, high) }
            return result
        }
    }

    public func endOffsets(topic: String) async throws -> [Int32: Int64] {
        try await uses.use("reading end offsets of \(topic)") { try await watermarks(topic: topic).mapValues(\.high) }
    }

    public func startOffsets(topic: String) async throws -> [Int32: Int64] {
        try await uses.use("reading start offsets of \(topic)") { try await watermarks(topic: topic).mapValues(\.low) }
    }

    private func groupClient(_ group: String) throws -> GroupOffsetsClient {
        try groupClients.withLock { clients in
            if let client = clients[group] { return client }
            let client = try GroupOffsetsClient(group: group, configuration: configuration, logger: logger)
            clients[group] = client
            return client
        }
    }

    public func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64] {
        try await uses.use("reading offsets of group \(group)") {
            let partitions = try await partitions(of: topic)
            return try await groupClient(group).committed(topic: topic, partitions: partitions)
        }
    }

    public func resetOffsets(group: String, topic: String, to position: SeekPosition) async throws {
        try await uses.use("moving group \(group) on \(topic) to \(position)") {
            try await reset(group: group, topic: topic, to: position)
        }
    }

    private func reset(group: String, topic: String, to position: SeekPosition) async throws {
        let marks = try await watermarks(topic: topic)
        var offsets: [Int32: Int64] = [:]
        switch position.value {
        case .earliest: offsets = marks.mapValues(\.low)
        case .latest: offsets = marks.mapValues(\.high)
        case .offset(let offset): offsets = marks.mapValues { min(max(offset, $0.low), $0.high) }
        case .timestamp(let date):
            offsets = try await groupClient(group).offsets(topic: topic, at: date, partitions: Array(marks.keys))
            for (partition, offset) in offsets where offset < 0 { offsets[partition] = marks[partition]?.high ?? 0 }
        }
        do {
            try await groupClient(group).commit(topic: topic, offsets: offsets)
        } catch let error as EventLogError
            where (error.underlying as? KafkaError)?.code == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID
        {
            // Brokers that take offset commits only from members (librdkafka's mock): join, then commit.
            try await commitAsMember(group: group, topic: topic, offsets: offsets)
        }
        logger.notice(
            "group offsets moved",
            metadata: ["kafka.group": "\(group)", "kafka.topic": "\(topic)", "kafka.position": "\(position)"])
    }

    /// Joins `group` alone, waits to own every partition of `topic`, commits `offsets` and leaves.
    private func commitAsMember(group: String, topic: String, offsets: [Int32: Int64]) async throws {
        let consumer = try KafkaConsumer(
            subscription: ConsumerSubscription(group: group, topics: [topic]), configuration: configuration, log: self,
            transactions: nil, logger: logger)
        let wanted = Set(offsets.keys.map { TopicPartition(topic: topic, partition: $0) })
        let deadline = ContinuousClock.now + configuration.requestTimeout * 2
        while !wanted.isSubset(of: consumer.assignment) {
            guard ContinuousClock.now < deadline else {
                await consumer.close()
                throw EventLogError(
                    code: .invalidArgument,
                    context: "moving offsets of group \(group): another member still owns partitions of \(topic)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        do {
            try await consumer.commit(
                CommitPositions(
                    Dictionary(
                        uniqueKeysWithValues: offsets.map {
                            (TopicPartition(topic: topic, partition: $0.key), $0.value)
                        })))
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// Closes the consumers made here, waits for outstanding deliveries (3 s at most, then drops them) and releases
    /// the clients once the calls still running returned. Later calls throw `.closed`.
    public func close() async throws {
        guard uses.close() else { return }
        let open = consumers.withLock { consumers in
            defer { consumers = [] }
            return consumers.compactMap(\.consumer)
        }
        for consumer in open { await consumer.close() }
        await producer.drain()
        await published?.close()
        _ = try? await offThePool { [self] in
            uses.whenIdle(waitingAtMost: .seconds(2)) { [self] in
                for client in groupClients.withLock({ clients in
                    defer { clients = [:] }
                    return Array(clients.values)
                }) {
                    client.destroy()
                }
                producer.destroy()
            }
        }
    }
}

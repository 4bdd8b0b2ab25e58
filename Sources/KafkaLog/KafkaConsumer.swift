import CRdKafka
import EventLog
import Foundation
import Logging
import Synchronization

/// A member of a Kafka consumer group (cooperative-sticky rebalancing, manual commits).
///
/// A thread of its own polls librdkafka all the time — serving heartbeats and rebalances — and fills a
/// bounded buffer that `poll` drains; when the buffer is full the member's partitions are paused, not the
/// polling, so an application that is slow (waiting for a rate-limit reset) never exceeds
/// `max.poll.interval.ms`. On revocation, buffered messages of the revoked partitions are dropped, in-flight
/// batches get `revokeGracePeriod` to commit, and later commits for partitions the member lost are skipped.
final class KafkaConsumer: EventLogConsumer, RebalanceHandler, @unchecked Sendable {
    let subscription: ConsumerSubscription
    let handle: OpaquePointer
    private let context: Unmanaged<ClientContext>
    private let log: KafkaLog
    let configuration: KafkaConfiguration
    let logger: Logger
    let state = Mutex(State())
    private let pollThreadDone = DispatchSemaphore(value: 0)
    /// Commits in progress (off the poll thread): the client is released only after they returned.
    private let uses: ClientUses
    /// The member's transactional producer: `publishAndCommit` is then one transaction.
    private let transactions: TransactionalProducer?
    /// Set once a committed transaction's offsets were seen kept by the group.
    private let transactionalOffsetsChecked = Mutex(false)

    struct State {
        var buffer: [LogMessage] = []
        var bufferStart = 0
        var assignment: Set<TopicPartition> = []
        var assignmentVersion = 0
        /// Next offset past the last message handed out and not yet committed, per partition.
        var inFlight: [TopicPartition: Int64] = [:]
        var pausedVersion: Int?
        var failure: EventLogError?
        var closing = false
        var closed = false
        /// Seeks asked for, performed by the poll thread between two polls.
        var seeks: [PendingSeek] = []
        /// The group's committed offset as this member last committed or read it, per partition; forgotten at
        /// revocation and at a seek.
        var lastCommitted: [TopicPartition: Int64] = [:]
        /// Partitions whose committed offset was read since they were assigned.
        var committedRead: Set<TopicPartition> = []
        /// Partitions moved by a seek and not committed since: librdkafka's position may still be the one before
        /// the seek, past messages to be read again, so it is not committed for them.
        var seekedSinceCommit: Set<TopicPartition> = []
        /// When `advancePastMarkers` last looked.
        var lastAdvance = ContinuousClock.now

        var buffered: Int { buffer.count - bufferStart }

        mutating func drop(where predicate: (LogMessage) -> Bool) {
            buffer = Array(buffer[bufferStart...].filter { !predicate($0) })
            bufferStart = 0
        }
    }

    init(
        subscription: ConsumerSubscription, configuration: KafkaConfiguration, log: KafkaLog,
        transactions: TransactionalProducer?, logger: Logger
    ) throws {
        self.subscription = subscription
        self.transactions = transactions
        self.configuration = configuration
        self.log = log
        var logger = logger
        logger[metadataKey: "kafka.group"] = "\(subscription.group)"
        self.logger = logger
        self.uses = ClientUses("consumer of group \(subscription.group)")
        if case .offset(let offset) = subscription.startWhenUncommitted.value, offset < 0 {
            throw EventLogError(
                code: .invalidArgument, context: "group \(subscription.group) cannot start at offset \(offset)")
        }
        let reset: String
        switch subscription.startWhenUncommitted.value {
        case .latest: reset = "latest"
        default: reset = "earliest"
        }
        let conf = try ClientConfiguration(
            configuration, clientID: "\(configuration.clientID)-\(subscription.group)",
            fixed: [
                "group.id": subscription.group, "enable.auto.commit": "false", "enable.auto.offset.store": "false",
                "auto.offset.reset": reset, "partition.assignment.strategy": Self.assignmentStrategy(configuration),
                "enable.partition.eof": "false", "isolation.level": "read_committed",
            ].merging(Self.membershipDefaults.filter { configuration.properties[$0.key] == nil }) { $1 })
        rd_kafka_conf_set_rebalance_cb(conf.pointer, consumerRebalanceCallback)
        let clientContext = ClientContext(logger: logger)
        let (handle, context) = try conf.makeClient(RD_KAFKA_CONSUMER, context: clientContext)
        self.handle = handle
        self.context = context
        clientContext.rebalanceHandler = self
        rd_kafka_poll_set_consumer(handle)
        let topics = PartitionList(
            subscription.topics.map { ($0, RD_KAFKA_PARTITION_UA, Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { topics.destroy() }
        let code = rd_kafka_subscribe(handle, topics.pointer)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_destroy(handle)
            context.release()
            throw KafkaError.broker(code, "subscribing group \(subscription.group) to \(subscription.topics)")
        }
        let thread = Thread { [self] in self.pollLoop() }
        thread.name = "ghstats-kafka-consumer"
        thread.start()
    }

    /// A member that dies (SIGKILL, a lost machine) is noticed after `session.timeout.ms`; its partitions wait that
    /// long. librdkafka's 45 s stalls them for most of a minute, so ghstats asks for 10 s (brokers allow 6 s and up),
    /// heartbeats every second. Either is overridden by a property; `group.instance.id` (static membership) lets a
    /// restarted member take its partitions back without a rebalance.
    static let membershipDefaults = ["session.timeout.ms": "10000", "heartbeat.interval.ms": "1000"]

    /// Cooperative-sticky where librdkafka's is safe: before 2.3.0 a consumer closed before its first assignment
    /// aborts the process (librdkafka issue 4312; Debian bookworm ships 2.0.2), so older libraries rebalance
    /// eagerly with round-robin. A `partition.assignment.strategy` property chooses explicitly.
    static func assignmentStrategy(_ configuration: KafkaConfiguration) -> String {
        if let chosen = configuration.properties["partition.assignment.strategy"] { return chosen }
        return rd_kafka_version() >= 0x0203_00ff ? "cooperative-sticky" : "roundrobin"
    }

    // MARK: The poll thread

    private func pollLoop() {
        let capacity = max(configuration.consumerBufferMessages, 1)
        while !state.withLock({ $0.closing }) {
            performSeeks()
            if let message = rd_kafka_consumer_poll(handle, 100) {
                accept(message)
                rd_kafka_message_destroy(message)
            } else {
                advancePastMarkers()
            }
            applyBackPressure(capacity: capacity)
        }
        // Leaving the group revokes the assignment through the rebalance callback, served here.
        let code = rd_kafka_consumer_close(handle)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("closing the consumer", metadata: ["error": "\(KafkaError(code, "closing the consumer"))"])
        }
        let pending = state.withLock { state in
            state.closed = true
            defer { state.seeks = [] }
            return state.seeks
        }
        for seek in pending { seek.done.resume(throwing: closedError("seeking \(seek.partition)")) }
        // A commit still waiting for its broker keeps the client until it returns.
        uses.whenIdle(waitingAtMost: .seconds(2)) { [self] in
            rd_kafka_destroy(handle)
            context.release()
        }
        pollThreadDone.signal()
    }

    private func accept(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let code = message.pointee.err
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
            var reason = [CChar](repeating: 0, count: 512)
            let fatal = rd_kafka_fatal_error(handle, &reason, reason.count)
            if fatal != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = KafkaError(
                    fatal: fatal, reason: cText(reason), "consumer of group \(subscription.group) failed"
                ).eventLogError
                state.withLock { $0.failure = error }
                logger.error("fatal consumer error", metadata: ["error": "\(error)"])
            } else {
                logger.warning(
                    "consumer error (librdkafka retries)", metadata: ["error": "\(KafkaError(code, "consuming"))"])
            }
            return
        }
        let converted = LogMessage(kafka: message)
        state.withLock { state in
            guard state.assignment.contains(converted.topicPartition) else { return }
            state.buffer.append(converted)
        }
    }

    /// Commits, for partitions whose every message handed out is committed and none waits in the buffer, the
    /// position librdkafka reached past transaction markers (which take an offset each and are never handed out):
    /// without it a transactional topic's lag never reaches 0. On the poll thread between two polls, when no
    /// message is on its way to the buffer; at most once a second.
    private func advancePastMarkers() {
        let (idle, unknown): ([TopicPartition], [TopicPartition]) = state.withLock { state in
            guard !state.closing, ContinuousClock.now - state.lastAdvance >= .seconds(1) else { return ([], []) }
            state.lastAdvance = ContinuousClock.now
            let buffered = Set(state.buffer[state.bufferStart...].map(\.topicPartition))
            let idle = state.assignment.filter {
                state.inFlight[$0] == nil && !buffered.contains($0) && !state.seekedSinceCommit.contains($0)
            }
            let unknown = idle.filter { state.lastCommitted[$0] == nil && !state.committedRead.contains($0) }
            state.committedRead.formUnion(unknown)
            return (Array(idle), Array(unknown))
        }
        guard !idle.isEmpty else { return }
        if !unknown.isEmpty {
            // Once per assignment, a short wait: a partition given to this member may end in markers.
            if let committed = try? Self.readCommitted(
                unknown, handle: handle, timeout: 1_000, group: subscription.group)
            {
                state.withLock { state in
                    state.lastCommitted.merge(committed) { known, _ in known }
                }
            }
        }
        let list = PartitionList(idle.map { ($0.topic, $0.partition, Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { list.destroy() }
        guard rd_kafka_position(handle, list.pointer) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        // Only past markers: a position beyond the last commit with nothing handed out in between.
        let ahead: [(String, Int32, Int64)] = state.withLock { state in
            list.entries.compactMap { entry in
                let partition = TopicPartition(topic: entry.topic, partition: entry.partition)
                guard state.inFlight[partition] == nil, !state.seekedSinceCommit.contains(partition),
                    let committed = state.lastCommitted[partition], entry.offset > committed
                else { return nil }
                state.lastCommitted[partition] = entry.offset
                return (entry.topic, entry.partition, entry.offset)
            }
        }
        guard !ahead.isEmpty else { return }
        let commit = PartitionList(ahead)
        defer { commit.destroy() }
        _ = rd_kafka_commit(handle, commit.pointer, 1)
    }

    /// Pauses the assigned partitions while the buffer is full, resumes them once it is half drained.
    private func applyBackPressure(capacity: Int) {
        enum Action { case pause, resume }
        let (action, partitions): (Action?, [TopicPartition]) = state.withLock { state in
            if state.buffered >= capacity, state.pausedVersion != state.assignmentVersion {
                state.pausedVersion = state.assignmentVersion
                return (.pause, Array(state.assignment))
            }
            if state.pausedVersion != nil, state.buffered <= capacity / 2 {
                state.pausedVersion = nil
                return (.resume, Array(state.assignment))
            }
            return (nil, [])
        }
        guard let action, !partitions.isEmpty else { return }
        let list = PartitionList(partitions.map { ($0.topic, $0.partition, Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { list.destroy() }
        _ =
            action == .pause
            ? rd_kafka_pause_partitions(handle, list.pointer) : rd_kafka_resume_partitions(handle, list.pointer)
    }

    func rebalance(
        _ handle: OpaquePointer, _ error: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let changed = Set(
            PartitionList(borrowing: partitions).entries.map {
                TopicPartition(topic: $0.topic, partition: $0.partition)
            })
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            setStartOffsets(partitions)
            state.withLock { state in
                state.assignment.formUnion(changed)
                state.assignmentVersion += 1
            }
            logger.info("partitions assigned", metadata: ["kafka.partitions": "\(changed.sorted())"])
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, partitions) {
                    logger.error("assign failed", metadata: ["error": "\(KafkaError.take(failure, "assign"))"])
                }
            } else {
                _ = rd_kafka_assign(handle, partitions)
            }
        default:
            // Revoked (or lost): stop handing out their messages; batches already handed out get the grace
            // period to commit (still owned until then), so the next owner starts after them.
            state.withLock { state in state.drop { changed.contains($0.topicPartition) } }
            let deadline = ContinuousClock.now + configuration.revokeGracePeriod
            while ContinuousClock.now < deadline,
                state.withLock({ state in state.inFlight.keys.contains { changed.contains($0) } })
            {
                Thread.sleep(forTimeInterval: 0.005)
            }
            state.withLock { state in
                state.assignment.subtract(changed)
                state.assignmentVersion += 1
                for partition in changed {
                    state.inFlight[partition] = nil
                    state.lastCommitted[partition] = nil
                    state.committedRead.remove(partition)
                    state.seekedSinceCommit.remove(partition)
                }
            }
            logger.info("partitions revoked", metadata: ["kafka.partitions": "\(changed.sorted())"])
            if cooperative {
                if let failure = rd_kafka_incremental_unassign(handle, partitions) {
                    logger.error("unassign failed", metadata: ["error": "\(KafkaError.take(failure, "unassign"))"])
                }
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
        }
    }

    /// The partitions this member owns now.
    var assignment: Set<TopicPartition> { state.withLock { $0.assignment } }

    // MARK: EventLogConsumer

    func poll(maxMessages: Int, timeout: Duration) async throws -> [LogMessage] {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            let batch: [LogMessage] = try state.withLock { state in
                if state.closing { throw closedError("polling") }
                if let failure = state.failure { throw failure }
                let count = min(maxMessages, state.buffered)
                guard count > 0 else { return [] }
                let batch = Array(state.buffer[state.bufferStart..<(state.bufferStart + count)])
                state.bufferStart += count
                if state.bufferStart > 4_096, state.bufferStart * 2 > state.buffer.count {
                    state.buffer.removeFirst(state.bufferStart)
                    state.bufferStart = 0
                }
                for message in batch {
                    state.inFlight[message.topicPartition] = max(
                        state.inFlight[message.topicPartition] ?? 0, message.offset + 1)
                }
                return batch
            }
            if !batch.isEmpty { return batch }
            let now = ContinuousClock.now
            if now >= deadline || Task.isCancelled { return [] }
            try? await Task.sleep(for: min(pause, deadline - now))
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    func commit(_ positions: CommitPositions) async throws {
        // A group mid-rebalance refuses commits for a moment: retry while the partitions are still owned.
        let deadline = ContinuousClock.now + configuration.revokeGracePeriod + configuration.requestTimeout
        var pause = Duration.milliseconds(20)
        while true {
            do {
                return try await uses.use("committing offsets of group \(subscription.group)") {
                    try await commitOnce(positions)
                }
            } catch let error as EventLogError where error.isRetriable || Self.isRebalance(error) {
                guard ContinuousClock.now < deadline else {
                    guard Self.isRebalance(error) else { throw error }
                    // The group moved on without this member's positions: the partitions' next owner reads
                    // those messages again (at-least-once; the stores are idempotent). Not a failure of this member.
                    logger.notice(
                        "commit lost to a rebalance; the batch will be redelivered", metadata: ["error": "\(error)"])
                    return
                }
                logger.debug("commit refused for now; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(500))
            }
        }
    }

    /// The error of a call after `close`.
    func closedError(_ doing: String) -> EventLogError {
        EventLogError(code: .closed, context: "\(doing): the consumer of group \(subscription.group) is closed")
    }

    /// Errors that mean the group rebalanced under this member.
    static func isRebalance(_ error: EventLogError) -> Bool {
        guard let code = (error.underlying as? KafkaError)?.code else { return false }
        return [
            RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST, RD_KAFKA_RESP_ERR__STATE,
        ].contains(code)
    }

    private func commitOnce(_ positions: CommitPositions) async throws {
        // Only partitions this member still owns: a late commit must not move a new owner's position back.
        let owned = state.withLock { state in positions.offsets.filter { state.assignment.contains($0.key) } }
        guard !owned.isEmpty else { return }
        nonisolated(unsafe) let handle = handle
        let entries = owned.map { ($0.key.topic, $0.key.partition, $0.value) }
        let group = subscription.group
        try await offThePool {
            let list = PartitionList(entries)
            defer { list.destroy() }
            let code = rd_kafka_commit(handle, list.pointer, 0)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError.broker(code, "committing offsets of group \(group)")
            }
            if let failed = list.entries.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                throw KafkaError.broker(
                    failed.error, "committing \(failed.topic)[\(failed.partition)] of group \(group)")
            }
        }
        noteCommitted(owned)
    }

    /// Records offsets the group now holds for this member's partitions: batches up to them are done.
    private func noteCommitted(_ offsets: [TopicPartition: Int64]) {
        state.withLock { state in
            for (partition, offset) in offsets where state.assignment.contains(partition) {
                state.lastCommitted[partition] = offset
                state.seekedSinceCommit.remove(partition)
                if (state.inFlight[partition] ?? 0) <= offset { state.inFlight[partition] = nil }
            }
        }
    }

    func publishAndCommit(_ messages: [OutgoingMessage], positions: CommitPositions) async throws {
        if uses.isClosed { throw closedError("publishing and committing") }
        // A batch whose partitions moved on is the next owner's to do: published here as well, its messages would
        // be on the topics twice.
        let owned = state.withLock { state in positions.offsets.keys.filter { state.assignment.contains($0) } }
        if owned.count < positions.offsets.count {
            logger.notice("partitions moved to another member before the batch was published; left to it")
            try await rewind(owned)
            return
        }
        guard let transactions, !messages.isEmpty, !log.transactionsAreRefused else {
            try await log.publish(messages)
            try await commit(positions)
            return
        }
        // Records fetched again unchanged are left out, as `publish` leaves them out.
        let messages = try await log.published?.changed(messages) ?? messages
        try await log.requireTopics(messages)
        let entries = positions.offsets.map { ($0.key.topic, $0.key.partition, $0.value) }
        nonisolated(unsafe) let handle = handle
        let outcome: TransactionalProducer.Outcome
        do {
            outcome = try await uses.use("publishing in transaction \(transactions.id)") {
                try await transactions.commit(messages, offsets: entries, consumer: handle)
            }
        } catch let error as EventLogError where (error.underlying as? KafkaError)?.isFatal == true {
            throw EventLogError(
                code: error.code,
                context:
                    "transactional producer \(transactions.id) can publish no more (another process with the same KAFKA_TRANSACTIONAL_ID fences it?): \(error)",
                underlying: error.underlying, isRetriable: false)
        }
        switch outcome {
        case .committed:
            try await log.published?.record(messages)
            if !transactionalOffsetsChecked.withLock({ $0 }) {
                try await checkTransactionalOffsets(positions)
            }
            noteCommitted(positions.offsets)
        case .aborted(let reason):
            logger.notice("transaction aborted; the batch runs again", metadata: ["error": "\(reason)"])
            try await rewind(Array(positions.offsets.keys))
        }
    }

    /// After the first committed transaction: the group's offsets must have moved with it. A cluster that
    /// acknowledges a transaction's offsets without keeping them (librdkafka's mock cluster) would have every batch
    /// done again after a restart: transactions are then given up for plain commits, starting with this batch's.
    private func checkTransactionalOffsets(_ positions: CommitPositions) async throws {
        let partitions = Array(positions.offsets.keys)
        let deadline = ContinuousClock.now + .seconds(2)
        while true {
            let committed = try await committedOffsets(partitions)
            if positions.offsets.allSatisfy({ (committed[$0.key] ?? -1) >= $0.value }) {
                transactionalOffsetsChecked.withLock { $0 = true }
                return
            }
            if ContinuousClock.now >= deadline {
                log.refuseTransactions(because: "a committed transaction's offsets were not kept by the group")
                try await commit(positions)
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The group's committed offsets of `partitions` (absent: none committed).
    private func committedOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        nonisolated(unsafe) let handle = handle
        let timeout = configuration.requestTimeoutMilliseconds
        let group = subscription.group
        return try await uses.use("reading committed offsets of group \(group)") {
            try await offThePool { try Self.readCommitted(partitions, handle: handle, timeout: timeout, group: group) }
        }
    }

    /// The group's committed offsets of `partitions`, absent where none is (blocking, at most `timeout` ms).
    private static func readCommitted(
        _ partitions: [TopicPartition], handle: OpaquePointer, timeout: Int32, group: String
    ) throws -> [TopicPartition: Int64] {
        let list = PartitionList(partitions.map { ($0.topic, $0.partition, Int64(RD_KAFKA_OFFSET_INVALID)) })
        defer { list.destroy() }
        let code = rd_kafka_committed(handle, list.pointer, timeout)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.broker(code, "reading committed offsets of group \(group)")
        }
        var offsets: [TopicPartition: Int64] = [:]
        for entry in list.entries where entry.offset >= 0 && entry.error == RD_KAFKA_RESP_ERR_NO_ERROR {
            offsets[TopicPartition(topic: entry.topic, partition: entry.partition)] = entry.offset
        }
        return offsets
    }

    /// Moves each of `partitions` this member still owns back to the group's committed offset, so that a batch
    /// neither published nor committed is polled again.
    private func rewind(_ partitions: [TopicPartition]) async throws {
        guard !partitions.isEmpty else { return }
        let committed = try await committedOffsets(partitions)
        for partition in partitions where assignment.contains(partition) {
            let offset = committed[partition] ?? -1
            do {
                try await seek(partition, to: offset >= 0 ? .offset(offset) : subscription.startWhenUncommitted)
            } catch let error as EventLogError where error.code == .invalidArgument {
                continue  // revoked meanwhile: the next owner starts at the committed offset anyway
            }
        }
    }

    func close() async {
        let alreadyClosing = state.withLock { state in
            defer {
                state.closing = true
                // Closing gives up uncommitted work: its partitions' next owner does it again.
                state.inFlight = [:]
            }
            return state.closing
        }
        guard !alreadyClosing else { return }
        _ = uses.close()
        let done = pollThreadDone
        _ = try? await offThePool { done.wait() }
        await transactions?.close()
    }
}

import Synchronization

/// A member of a consumer group on the embedded log, with static partition assignment.
final class EmbeddedConsumer: EventLogConsumer {
    let subscription: ConsumerSubscription
    private let log: EmbeddedLog
    private struct State {
        var positions: [TopicPartition: Int64]
        var nextPartitionIndex = 0
        var closed = false
        /// The log's append count when a read last found nothing, and when that was.
        var emptyAt: (appends: Int, time: ContinuousClock.Instant)?
    }
    private let state: Mutex<State>
    private let assignment: [TopicPartition]

    private init(
        log: EmbeddedLog, subscription: ConsumerSubscription, assignment: [TopicPartition],
        positions: [TopicPartition: Int64]
    ) {
        self.log = log
        self.subscription = subscription
        self.assignment = assignment
        self.state = Mutex(State(positions: positions))
    }

    /// Joins `subscription`'s group: its partitions, each from the committed offset or the start position.
    static func join(log: EmbeddedLog, subscription: ConsumerSubscription) async throws -> EmbeddedConsumer {
        let (assignment, positions) = try await log.withDatabase("joining group \(subscription.group)") { db in
            var assignment: [TopicPartition] = []
            var positions: [TopicPartition: Int64] = [:]
            for topic in subscription.topics {
                let partitions = try EmbeddedLog.partitionCount(topic, db)
                let committed = try EmbeddedLog.committed(group: subscription.group, topic: topic, db)
                for partition in 0..<partitions where subscription.owns(partition: partition) {
                    let topicPartition = TopicPartition(topic: topic, partition: partition)
                    assignment.append(topicPartition)
                    positions[topicPartition] =
                        try committed[partition]
                        ?? EmbeddedLog.resolve(
                            subscription.startWhenUncommitted, topic: topic, partition: partition, db)
                }
            }
            return (assignment, positions)
        }
        return EmbeddedConsumer(log: log, subscription: subscription, assignment: assignment, positions: positions)
    }

    func poll(maxMessages: Int, timeout: Duration) async throws -> [LogMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            try checkOpen()
            let appends = log.appends.load(ordering: .acquiring)
            let now = clock.now
            // Nothing appended in this process since the last empty read: skip the database for a while
            // (another process sharing the file is seen within a quarter second).
            let skip = state.withLock { state in
                guard let empty = state.emptyAt else { return false }
                return empty.appends == appends && now - empty.time < .milliseconds(250)
            }
            if !skip {
                let batch = try await readAvailable(maxMessages: maxMessages)
                if !batch.isEmpty { return batch }
                state.withLock { $0.emptyAt = (appends, now) }
            }
            if clock.now >= deadline || Task.isCancelled { return [] }
            try? await Task.sleep(for: log.configuration.idlePollInterval)
        }
    }

    /// Reads from the assigned partitions round-robin, starting one further each time for fairness.
    private func readAvailable(maxMessages: Int) async throws -> [LogMessage] {
        guard !assignment.isEmpty else { return [] }
        let (positions, start) = state.withLock { state in
            let start = state.nextPartitionIndex
            state.nextPartitionIndex = (start + 1) % assignment.count
            return (state.positions, start)
        }
        var batch: [LogMessage] = []
        for step in 0..<assignment.count where batch.count < maxMessages {
            let topicPartition = assignment[(start + step) % assignment.count]
            let from = positions[topicPartition] ?? 0
            if let recent = log.recent.read(topicPartition, from: from, limit: maxMessages - batch.count) {
                batch += recent
                continue
            }
            let limit = maxMessages - batch.count
            batch += try await log.withReader("polling for group \(subscription.group)") { db in
                try EmbeddedLog.read(topicPartition, from: from, limit: limit, db)
            }
        }
        let advanced = CommitPositions(after: batch)
        state.withLock { state in
            for (topicPartition, next) in advanced.offsets where next > state.positions[topicPartition] ?? 0 {
                state.positions[topicPartition] = next
            }
        }
        return batch
    }

    func commit(_ positions: CommitPositions) async throws {
        try checkOpen()
        guard !positions.isEmpty else { return }
        try checkOwnership(positions)
        let group = subscription.group
        try await log.withDatabase("committing for group \(group)") { db in
            try db.transaction { try EmbeddedLog.storeOffsets(group: group, positions, db) }
        }
    }

    func publishAndCommit(_ messages: [OutgoingMessage], positions: CommitPositions) async throws {
        try checkOpen()
        try checkOwnership(positions)
        let (group, recent) = (subscription.group, log.recent)
        try await log.withDatabase("publishing and committing for group \(group)") { db in
            let appended = try db.transaction {
                let appended = try EmbeddedLog.append(messages, to: db)
                try EmbeddedLog.storeOffsets(group: group, positions, db)
                return appended
            }
            recent.add(appended)
        }
        if !messages.isEmpty { log.appends.add(1, ordering: .releasing) }
    }

    func seek(_ partition: TopicPartition, to position: SeekPosition) async throws {
        try checkOpen()
        guard assignment.contains(partition) else {
            throw EventLogError(code: .invalidArgument, context: "\(partition) is not assigned to this consumer")
        }
        let offset = try await log.withDatabase("seeking \(partition) to \(position) for group \(subscription.group)") {
            db in
            try EmbeddedLog.resolve(position, topic: partition.topic, partition: partition.partition, db)
        }
        state.withLock { state in
            state.positions[partition] = offset
            // The next poll reads at once instead of trusting an empty read from before the seek.
            state.emptyAt = nil
        }
    }

    func close() async {
        state.withLock { $0.closed = true }
    }

    /// Throws `.closed` once this consumer or its log is closed.
    private func checkOpen() throws {
        if log.isClosed.load(ordering: .acquiring) {
            throw EventLogError(code: .closed, context: "consumer of group \(subscription.group): the log is closed")
        }
        if state.withLock({ $0.closed }) {
            throw EventLogError(code: .closed, context: "consumer of group \(subscription.group) is closed")
        }
    }

    private func checkOwnership(_ positions: CommitPositions) throws {
        for topicPartition in positions.offsets.keys where !assignment.contains(topicPartition) {
            throw EventLogError(
                code: .invalidArgument,
                context: "\(topicPartition) is not assigned to this member of \(subscription.group)")
        }
    }
}

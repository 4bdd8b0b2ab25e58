import CRdKafka
import DurationConversion
import EventLog
import Foundation

/// A seek asked for by `seek`, waiting for the poll thread.
struct PendingSeek {
    let partition: TopicPartition
    let position: SeekPosition
    let done: CheckedContinuation<Void, any Error>
}

/// Where a member starts and moves: start positions for partitions the group never committed, and seeks. Both
/// run on the poll thread, so no message fetched before a seek is handed out after it.
extension KafkaConsumer {
    func seek(_ partition: TopicPartition, to position: SeekPosition) async throws {
        if case .offset(let offset) = position.value, offset < 0 {
            throw EventLogError(code: .invalidArgument, context: "seeking \(partition) to offset \(offset)")
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let refused: EventLogError? = state.withLock { state in
                if state.closing { return closedError("seeking \(partition)") }
                guard state.assignment.contains(partition) else { return notAssigned(partition) }
                state.seeks.append(PendingSeek(partition: partition, position: position, done: continuation))
                return nil
            }
            if let refused { continuation.resume(throwing: refused) }
        }
    }

    private func notAssigned(_ partition: TopicPartition) -> EventLogError {
        EventLogError(
            code: .invalidArgument, context: "\(partition) is not assigned to this member of \(subscription.group)")
    }

    /// Performs the seeks asked for since the last poll (on the poll thread).
    func performSeeks() {
        let seeks = state.withLock { state in
            defer { state.seeks = [] }
            return state.seeks
        }
        for seek in seeks {
            seek.done.resume(with: Result { try seekNow(seek.partition, to: seek.position) })
        }
    }

    private func seekNow(_ partition: TopicPartition, to position: SeekPosition) throws {
        guard state.withLock({ $0.assignment.contains(partition) }) else { throw notAssigned(partition) }
        let offsets = try resolve(position, topic: partition.topic, partitions: [partition.partition])
        let offset = offsets[partition.partition] ?? Int64(RD_KAFKA_OFFSET_END)
        let list = PartitionList([(partition.topic, partition.partition, offset)])
        defer { list.destroy() }
        if let error = rd_kafka_seek_partitions(handle, list.pointer, configuration.requestTimeoutMilliseconds) {
            throw KafkaError.take(error, "seeking \(partition) to \(position)")
        }
        if let failed = list.entries.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
            throw KafkaError.broker(failed.error, "seeking \(partition) to \(position)")
        }
        // Fetched before the seek: never handed out. A batch handed out before it may still be committed.
        state.withLock { state in
            state.drop { $0.topicPartition == partition }
            state.inFlight[partition] = nil
            state.lastCommitted[partition] = nil
            state.seekedSinceCommit.insert(partition)
        }
    }

    /// For a subscription starting at an offset or a time: sets the start of each newly assigned partition the
    /// group has no committed offset for (earliest and latest are librdkafka's `auto.offset.reset`). A failure
    /// fails the member's next poll rather than starting somewhere else.
    func setStartOffsets(_ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let position = subscription.startWhenUncommitted
        switch position.value {
        case .earliest, .latest: return
        case .offset, .timestamp: break
        }
        do {
            guard let committed = rd_kafka_topic_partition_list_copy(partitions) else { return }
            defer { rd_kafka_topic_partition_list_destroy(committed) }
            let code = rd_kafka_committed(handle, committed, configuration.requestTimeoutMilliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "reading committed offsets of group \(subscription.group)")
            }
            let uncommitted = PartitionList(borrowing: committed).entries.filter { $0.offset < 0 }
            var starts: [TopicPartition: Int64] = [:]
            for (topic, entries) in Dictionary(grouping: uncommitted, by: \.topic) {
                for (partition, offset) in try resolve(position, topic: topic, partitions: entries.map(\.partition)) {
                    starts[TopicPartition(topic: topic, partition: partition)] = offset
                }
            }
            let list = partitions.pointee
            for index in 0..<Int(list.cnt) {
                let element = list.elems[index]
                if let start = starts[
                    TopicPartition(topic: String(cString: element.topic), partition: element.partition)]
                {
                    list.elems[index].offset = start
                }
            }
            if !starts.isEmpty {
                logger.info("starting where the subscription says", metadata: ["kafka.position": "\(position)"])
            }
        } catch {
            let failure =
                error as? EventLogError
                ?? EventLogError(code: .broker, context: "finding where group \(subscription.group) starts")
            state.withLock { $0.failure = failure }
            logger.error("cannot find the start position", metadata: ["error": "\(failure)"])
        }
    }

    /// The offset of `position` in each of `partitions` of `topic`: an offset kept within the partition's first and
    /// next offsets, a time with no message at or after it the end (blocking: the poll thread).
    func resolve(_ position: SeekPosition, topic: String, partitions: [Int32]) throws -> [Int32: Int64] {
        let timeout = configuration.requestTimeoutMilliseconds
        var marks: [Int32: (low: Int64, high: Int64)] = [:]
        for partition in partitions {
            var low: Int64 = 0
            var high: Int64 = 0
            let code = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "reading offsets of \(topic)[\(partition)]")
            }
            marks[partition] = (low, high)
        }
        switch position.value {
        case .earliest: return marks.mapValues(\.low)
        case .latest: return marks.mapValues(\.high)
        case .offset(let offset): return marks.mapValues { min(max(offset, $0.low), $0.high) }
        case .timestamp(let date):
            let milliseconds = date.epochMilliseconds
            let list = PartitionList(partitions.map { (topic, $0, milliseconds) })
            defer { list.destroy() }
            let code = rd_kafka_offsets_for_times(handle, list.pointer, timeout)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "finding offsets of \(topic) at \(date.formatted(.iso8601))")
            }
            var offsets: [Int32: Int64] = [:]
            for entry in list.entries {
                guard entry.error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError.broker(
                        entry.error, "finding the offset of \(topic)[\(entry.partition)] at \(date.formatted(.iso8601))"
                    )
                }
                let high = marks[entry.partition]?.high ?? 0
                // -1: no message at or after the time.
                offsets[entry.partition] = entry.offset >= 0 ? entry.offset : high
            }
            return offsets
        }
    }
}

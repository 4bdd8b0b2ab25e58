import CRdKafka
import DurationConversion
import EventLog
import Foundation
import Logging

/// A consumer client bound to a group but never subscribed: reads and sets the group's committed offsets
/// (lag, replay). Setting offsets needs the group to have no running member.
final class GroupOffsetsClient: @unchecked Sendable {
    private let handle: OpaquePointer
    private let context: Unmanaged<ClientContext>
    private let group: String
    private let timeout: Int32

    init(group: String, configuration: KafkaConfiguration, logger: Logger) throws {
        let conf = try ClientConfiguration(
            configuration, clientID: "\(configuration.clientID)-offsets",
            fixed: ["group.id": group, "enable.auto.commit": "false"])
        let (handle, context) = try conf.makeClient(RD_KAFKA_CONSUMER, context: ClientContext(logger: logger))
        self.handle = handle
        self.context = context
        self.group = group
        self.timeout = configuration.requestTimeoutMilliseconds
    }

    func committed(topic: String, partitions: [Int32]) async throws -> [Int32: Int64] {
        nonisolated(unsafe) let handle = handle
        let (timeout, group) = (timeout, group)
        return try await offThePool {
            let list = PartitionList(partitions.map { (topic, $0, Int64(RD_KAFKA_OFFSET_INVALID)) })
            defer { list.destroy() }
            let code = rd_kafka_committed(handle, list.pointer, timeout)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "reading committed offsets of group \(group)")
            }
            var result: [Int32: Int64] = [:]
            for entry in list.entries where entry.offset >= 0 { result[entry.partition] = entry.offset }
            return result
        }
    }

    /// The first offset at or after `date` per partition (-1: none, the end).
    func offsets(topic: String, at date: Date, partitions: [Int32]) async throws -> [Int32: Int64] {
        nonisolated(unsafe) let handle = handle
        let timeout = timeout
        let milliseconds = date.epochMilliseconds
        return try await offThePool {
            let list = PartitionList(partitions.map { (topic, $0, milliseconds) })
            defer { list.destroy() }
            let code = rd_kafka_offsets_for_times(handle, list.pointer, timeout)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "finding offsets of \(topic) at \(date.formatted(.iso8601))")
            }
            return Dictionary(uniqueKeysWithValues: list.entries.map { ($0.partition, $0.offset) })
        }
    }

    func commit(topic: String, offsets: [Int32: Int64]) async throws {
        nonisolated(unsafe) let handle = handle
        let group = group
        try await offThePool {
            let list = PartitionList(offsets.map { (topic, $0.key, $0.value) })
            defer { list.destroy() }
            let code = rd_kafka_commit(handle, list.pointer, 0)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.broker(code, "moving offsets of group \(group) (is a member still running?)")
            }
            if let failed = list.entries.first(where: { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                throw KafkaError.broker(failed.error, "moving \(topic)[\(failed.partition)] of group \(group)")
            }
        }
    }

    /// Releases the client (blocking; once nothing uses it).
    func destroy() {
        rd_kafka_destroy(handle)
        context.release()
    }
}

import CRdKafka
import Foundation
import Logging

/// What librdkafka's callbacks reach through a client's opaque pointer: the logger, and for consumers the
/// rebalance handler.
final class ClientContext: @unchecked Sendable {
    let logger: Logger
    /// Set once, before the client is created, by a consumer.
    weak var rebalanceHandler: (any RebalanceHandler)?

    init(logger: Logger) {
        self.logger = logger
    }

    /// Installs the log callback and this context as `conf`'s opaque (retained until `release`).
    func install(on conf: OpaquePointer) -> Unmanaged<ClientContext> {
        let retained = Unmanaged.passRetained(self)
        rd_kafka_conf_set_opaque(conf, retained.toOpaque())
        rd_kafka_conf_set_log_cb(conf, clientLogCallback)
        return retained
    }

    static func from(_ handle: OpaquePointer?) -> ClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Receives a consumer's rebalances on its poll thread.
protocol RebalanceHandler: AnyObject {
    func rebalance(
        _ handle: OpaquePointer, _ error: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>)
}

/// librdkafka's log lines, into swift-log with the client and facility as metadata.
private let clientLogCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, text in
        guard let context = ClientContext.from(handle) else { return }
        var swiftLevel: Logger.Level
        switch level {
        case ...3: swiftLevel = .error
        case 4: swiftLevel = .warning
        case 5: swiftLevel = .notice
        case 6: swiftLevel = .info
        default: swiftLevel = .debug
        }
        let facilityName = facility.map { String(cString: $0) } ?? ""
        // One property list serves every client kind: librdkafka's notes about the other kind's properties are noise.
        if facilityName == "CONFWARN" { swiftLevel = .debug }
        context.logger.log(
            level: swiftLevel, "\(text.map { String(cString: $0) } ?? "")",
            metadata: [
                "kafka.client": "\(handle.map { String(cString: rd_kafka_name($0)) } ?? "")",
                "kafka.facility": "\(facilityName)",
            ])
    }

/// The consumer rebalance callback: forwards to the consumer's handler.
let consumerRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, error, partitions, opaque in
        guard let handle, let partitions, let opaque else { return }
        let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
        context.rebalanceHandler?.rebalance(handle, error, partitions)
    }

/// Runs a blocking librdkafka call off Swift's cooperative pool.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// A topic+partition list built from Swift values; destroyed by the owner.
struct PartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ entries: [(String, Int32, Int64)]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(entries.count, 1)))
        for (topic, partition, offset) in entries {
            rd_kafka_topic_partition_list_add(pointer, topic, partition).pointee.offset = offset
        }
    }

    init(borrowing pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    /// Topic, partition, offset and error of each entry.
    var entries: [(topic: String, partition: Int32, offset: Int64, error: rd_kafka_resp_err_t)] {
        let list = pointer.pointee
        return (0..<Int(list.cnt)).map { index in
            let element = list.elems[index]
            return (String(cString: element.topic), element.partition, element.offset, element.err)
        }
    }

    func destroy() { rd_kafka_topic_partition_list_destroy(pointer) }
}

/// The text librdkafka wrote into an error buffer.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

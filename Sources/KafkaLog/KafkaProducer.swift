import CRdKafka
import DurationConversion
import EventLog
import Foundation
import Logging
import Synchronization

/// An idempotent producer: `publish` returns once every message is acknowledged by all in-sync replicas.
/// Keys are partitioned with murmur2, as Java clients and the embedded log do.
final class KafkaProducer: @unchecked Sendable {
    let handle: OpaquePointer
    private let context: Unmanaged<ClientContext>
    private let running = Atomic<Bool>(true)
    private let pollThreadDone = DispatchSemaphore(value: 0)
    /// False once `drain` began: later messages fail with `.closed` instead of reaching a client being released.
    private let accepting = Mutex(true)

    /// `fixed` adds properties of this producer's own (a transactional id).
    init(configuration: KafkaConfiguration, logger: Logger, fixed: [String: String] = [:]) throws {
        let conf = try ClientConfiguration(
            configuration, clientID: "\(configuration.clientID)-producer",
            fixed: ["enable.idempotence": "true", "acks": "all", "partitioner": "murmur2_random"].merging(fixed) {
                $1
            })
        rd_kafka_conf_set_dr_msg_cb(conf.pointer, deliveryReportCallback)
        let (handle, context) = try conf.makeClient(RD_KAFKA_PRODUCER, context: ClientContext(logger: logger))
        self.handle = handle
        self.context = context
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) { rd_kafka_poll(self.handle, 50) }
            pollThreadDone.signal()
        }
        thread.name = "ghstats-kafka-producer"
        thread.start()
    }

    /// Publishes `messages` and waits for their acknowledgements.
    func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        let batch = DeliveryBatch(count: messages.count)
        for message in messages {
            while true {
                // Enqueued under the lock `drain` takes: what got in before it is flushed or purged, nothing after.
                let code = accepting.withLock { accepting in
                    accepting ? enqueue(message, batch) : RD_KAFKA_RESP_ERR__DESTROY
                }
                if code == RD_KAFKA_RESP_ERR_NO_ERROR { break }
                if code == RD_KAFKA_RESP_ERR__DESTROY {
                    batch.complete(
                        EventLogError(code: .closed, context: "producing to \(message.topic): the log is closed"))
                    break
                }
                if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    // The local queue drains as deliveries come back: back-pressure, not a failure.
                    try await Task.sleep(for: .milliseconds(5))
                    continue
                }
                batch.complete(KafkaError.broker(code, "producing to \(message.topic)"))
                break
            }
        }
        try await batch.wait()
    }

    /// Hands one message to librdkafka (copied); its delivery report completes it in `batch`.
    private func enqueue(_ message: OutgoingMessage, _ batch: DeliveryBatch) -> rd_kafka_resp_err_t {
        let headers = rd_kafka_headers_new(message.headers.count)!
        for (name, value) in message.headers {
            _ = value.utf8CString.withUnsafeBufferPointer { buffer in
                rd_kafka_header_add(headers, name, -1, buffer.baseAddress, buffer.count - 1)
            }
        }
        let opaque = Unmanaged.passRetained(batch).toOpaque()
        var key = Array(message.key.utf8)
        var value = message.value
        let code: rd_kafka_resp_err_t = message.topic.withCString { topic in
            key.withUnsafeMutableBytes { keyBytes in
                value.withUnsafeMutableBytes { valueBytes in
                    var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 6)
                    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    fields[0].u.cstr = topic
                    fields[1].vtype = RD_KAFKA_VTYPE_KEY
                    fields[1].u.mem = .init(ptr: keyBytes.baseAddress, size: keyBytes.count)
                    fields[2].vtype = RD_KAFKA_VTYPE_VALUE
                    fields[2].u.mem = .init(ptr: valueBytes.baseAddress, size: valueBytes.count)
                    fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    fields[3].u.i = RD_KAFKA_MSG_F_COPY
                    fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                    fields[4].u.ptr = opaque
                    fields[5].vtype = RD_KAFKA_VTYPE_HEADERS
                    fields[5].u.headers = headers
                    guard let error = rd_kafka_produceva(handle, fields, fields.count) else {
                        return RD_KAFKA_RESP_ERR_NO_ERROR
                    }
                    let code = rd_kafka_error_code(error)
                    rd_kafka_error_destroy(error)
                    return code
                }
            }
        }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            // Not queued: librdkafka kept neither the headers nor the opaque.
            rd_kafka_headers_destroy(headers)
            Unmanaged<DeliveryBatch>.fromOpaque(opaque).release()
        }
        return code
    }

    /// Stops taking messages, waits for outstanding deliveries (up to `timeout`) and drops what is still
    /// unacknowledged then (brokers gone: the work that produced it was not committed and runs again); every
    /// waiting `publish` returns.
    func drain(timeout: Duration = .milliseconds(1_500)) async {
        let first = accepting.withLock { accepting in
            defer { accepting = false }
            return accepting
        }
        guard first else { return }
        let milliseconds = Int32(clamping: timeout.inMilliseconds)
        _ = try? await offThePool { [self] in
            if rd_kafka_flush(handle, milliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
                let purge = Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING)
                _ = rd_kafka_purge(handle, purge)
                // Delivery reports of the purged messages release their batches.
                _ = rd_kafka_flush(handle, 500)
            }
        }
    }

    /// Stops the poll thread and releases the client (blocking; after `drain`, once nothing uses `handle`).
    func destroy() {
        running.store(false, ordering: .relaxed)
        pollThreadDone.wait()
        rd_kafka_destroy(handle)
        context.release()
    }
}

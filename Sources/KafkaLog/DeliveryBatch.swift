import CRdKafka
import EventLog
import Synchronization

/// Waits for the delivery reports of one published batch: done when every message is acknowledged, failed
/// with the first error otherwise. A cancelled wait ends at once; messages still in flight stay unacknowledged.
final class DeliveryBatch: Sendable {
    private struct State {
        var remaining: Int
        var failure: EventLogError?
        var waiter: CheckedContinuation<Void, any Error>?
        var cancelled = false
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(remaining: count))
    }

    /// One message's outcome (from the delivery callback, or at once when it could not be queued).
    func complete(_ error: EventLogError?) {
        let waiter: CheckedContinuation<Void, any Error>?
        let failure: EventLogError?
        (waiter, failure) = state.withLock { state in
            if let error, state.failure == nil { state.failure = error }
            state.remaining -= 1
            guard state.remaining == 0, let waiter = state.waiter else { return (nil, nil) }
            state.waiter = nil
            return (waiter, state.failure)
        }
        if let failure { waiter?.resume(throwing: failure) } else { waiter?.resume() }
    }

    /// Returns when every message is acknowledged; throws the first failure, or `CancellationError` when the
    /// calling task is cancelled first.
    func wait() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let finished: (any Error)?? = state.withLock { state in
                    if state.cancelled { return .some(CancellationError()) }
                    guard state.remaining == 0 else {
                        state.waiter = continuation
                        return .none
                    }
                    return .some(state.failure)
                }
                switch finished {
                case .none: break
                case .some(.none): continuation.resume()
                case .some(.some(let failure)): continuation.resume(throwing: failure)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}

/// Delivery reports: each message's opaque is its batch, retained once per message.
let deliveryReportCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?)
        -> Void = { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let batch = Unmanaged<DeliveryBatch>.fromOpaque(opaque).takeRetainedValue()
            let code = message.pointee.err
            let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            batch.complete(code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.broker(code, "delivering to \(topic)"))
        }

import CRdKafka
import EventLog

/// An error librdkafka reported: its code, what was being done, and librdkafka's verdict on it. Callers see it as
/// the `underlying` error of an `EventLogError` whose `isRetriable` is this error's.
struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error code.
    let code: rd_kafka_resp_err_t
    /// What was being done, with the topic, partition or group it concerned.
    let context: String
    /// librdkafka's text for this occurrence (an error object's string, a fatal error's reason), else the code's.
    let message: String
    /// True when the same call may succeed later; never for a fatal error.
    let isRetriable: Bool
    /// True when the client instance can do no more (librdkafka's fatal error: a fenced member, a broken
    /// idempotent producer); it must be closed and made anew.
    let isFatal: Bool
    /// True when librdkafka asks for the current transaction to be aborted (transactional producers only).
    let requiresTransactionAbort: Bool

    /// An error from a bare code: retriable as `isRetriableCode(_:)` decides, fatal only for `_FATAL`.
    init(_ code: rd_kafka_resp_err_t, _ context: String) {
        self.code = code
        self.context = context
        self.message = String(cString: rd_kafka_err2str(code))
        self.isFatal = code == RD_KAFKA_RESP_ERR__FATAL
        self.isRetriable = !isFatal && Self.isRetriableCode(code)
        self.requiresTransactionAbort = false
    }

    /// The error `rd_kafka_fatal_error` returned: the original code and librdkafka's reason, never retriable.
    init(fatal code: rd_kafka_resp_err_t, reason: String, _ context: String) {
        self.code = code
        self.context = context
        self.message = reason.isEmpty ? String(cString: rd_kafka_err2str(code)) : reason
        self.isFatal = true
        self.isRetriable = false
        self.requiresTransactionAbort = false
    }

    /// An error object (destroyed here), with librdkafka's own retriable, fatal and abort flags; a code that
    /// `isRetriableCode(_:)` accepts is retriable too unless librdkafka calls it fatal.
    init(taking error: OpaquePointer, _ context: String) {
        self.code = rd_kafka_error_code(error)
        self.context = context
        self.message = String(cString: rd_kafka_error_string(error))
        self.isFatal = rd_kafka_error_is_fatal(error) != 0
        self.isRetriable = !isFatal && (rd_kafka_error_is_retriable(error) != 0 || Self.isRetriableCode(code))
        self.requiresTransactionAbort = rd_kafka_error_txn_requires_abort(error) != 0
        rd_kafka_error_destroy(error)
    }

    /// Whether a call that failed with `code` may succeed if made again: the one place this is decided for the
    /// bare codes librdkafka returns (a broker down or moving, a coordinator loading, a full queue, a timeout).
    static func isRetriableCode(_ code: rd_kafka_resp_err_t) -> Bool {
        [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__WAIT_COORD,
        ].contains(code)
    }

    /// True for librdkafka's local timeout and a broker's request timeout.
    var isTimeout: Bool { code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT }

    /// The code's name, librdkafka's text and the flags set; the context is printed by the `EventLogError`.
    var description: String {
        var text = "\(String(cString: rd_kafka_err2name(code))) (\(message))"
        if isFatal { text += " [fatal]" }
        if requiresTransactionAbort { text += " [transaction must abort]" }
        return text
    }

    /// The transport's error carrying this one: `.timeout` or `.broker`, retriable as this error is.
    var eventLogError: EventLogError {
        EventLogError(
            code: isTimeout ? .timeout : .broker, context: context, underlying: self, isRetriable: isRetriable)
    }

    /// The transport's error for a bare code (see `init(_:_:)`).
    static func broker(_ code: rd_kafka_resp_err_t, _ context: String) -> EventLogError {
        KafkaError(code, context).eventLogError
    }

    /// The transport's error for an error object, destroyed here (see `init(taking:_:)`).
    static func take(_ error: OpaquePointer, _ context: String) -> EventLogError {
        KafkaError(taking: error, context).eventLogError
    }
}

import CRdKafka
import EventLog

/// Errors from librdkafka, as the transport's error type.
enum KafkaError {
    /// An error code from librdkafka with what was being done.
    static func broker(_ code: rd_kafka_resp_err_t, _ context: String) -> EventLogError {
        let retriable = [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__WAIT_COORD,
        ].contains(code)
        let timeout = code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT
        return EventLogError(
            code: timeout ? .timeout : .broker, context: context, underlying: BrokerCode(code: code),
            isRetriable: retriable)
    }

    /// An error object from librdkafka (destroyed here).
    static func take(_ error: OpaquePointer, _ context: String) -> EventLogError {
        let code = rd_kafka_error_code(error)
        rd_kafka_error_destroy(error)
        return broker(code, context)
    }
}

/// librdkafka's error code and its text.
struct BrokerCode: Error, Sendable, CustomStringConvertible {
    let code: rd_kafka_resp_err_t
    var description: String { "\(String(cString: rd_kafka_err2name(code))) (\(String(cString: rd_kafka_err2str(code))))" }
}

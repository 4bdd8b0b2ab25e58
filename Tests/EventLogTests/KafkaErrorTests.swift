import CRdKafka
import EventLog
import Testing

@testable import KafkaLog

/// librdkafka's verdict on an error survives into the transport's error: retriable, timeout, fatal, its text.
@Suite struct KafkaErrorTests {
    @Test func aBrokerBrieflyGoneIsRetriableAndATimeoutIsATimeout() {
        let transport = KafkaError.broker(RD_KAFKA_RESP_ERR__TRANSPORT, "producing to t")
        #expect(transport.code == .broker)
        #expect(transport.isRetriable)
        #expect(transport.context == "producing to t")
        #expect((transport.underlying as? KafkaError)?.code == RD_KAFKA_RESP_ERR__TRANSPORT)
        let timeout = KafkaError.broker(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, "reading offsets")
        #expect(timeout.code == .timeout)
        #expect(timeout.isRetriable)
    }

    @Test(arguments: [
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_INVALID_REQUEST,
        RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR__NOT_CONFIGURED,
    ])
    func aRequestThatCannotSucceedIsNotRetriable(code: rd_kafka_resp_err_t) {
        let error = KafkaError.broker(code, "x")
        #expect(!error.isRetriable)
        #expect(error.code == .broker)
    }

    @Test func aFatalErrorIsNeverRetriableAndSaysWhy() {
        let error = KafkaError(
            fatal: RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID, reason: "fenced by another member",
            "consumer of group g failed")
        #expect(error.isFatal)
        #expect(!error.isRetriable)
        #expect(!error.eventLogError.isRetriable)
        #expect("\(error.eventLogError)".contains("consumer of group g failed"))
        #expect(error.description.contains("fenced by another member"))
        #expect(error.description.contains("[fatal]"))
        let bare = KafkaError(RD_KAFKA_RESP_ERR__FATAL, "polling")
        #expect(bare.isFatal)
        #expect(!bare.isRetriable)
    }

    @Test func anErrorObjectKeepsLibrdkafkasTextAndFlags() throws {
        var reason = [CChar](repeating: 0, count: 256)
        let handle = try #require(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), &reason, reason.count))
        defer { rd_kafka_destroy(handle) }
        // A producer without transactional.id refuses the transactional API with an error object.
        let object = try #require(rd_kafka_init_transactions(handle, 1_000))
        let error = KafkaError(taking: object, "starting transactions")
        #expect(error.code == RD_KAFKA_RESP_ERR__NOT_CONFIGURED)
        #expect(!error.isRetriable)
        #expect(!error.isFatal)
        #expect(!error.requiresTransactionAbort)
        #expect(error.description.contains("transactional.id"))
    }
}

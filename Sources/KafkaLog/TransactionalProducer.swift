import CRdKafka
import DurationConversion
import EventLog
import Foundation
import Logging
import Synchronization

/// A consumer's transactional producer: the messages a batch produced and the consumer's positions past the batch
/// commit in one Kafka transaction, or neither does. Read-committed consumers never see an aborted batch's messages
/// on brokers that keep transaction markers (Apache Kafka, Redpanda); librdkafka's mock cluster and Tansu 0.6 accept
/// transactions but hand out aborted messages too.
final class TransactionalProducer: Sendable {
    /// The `transactional.id`.
    let id: String
    private let producer: KafkaProducer
    private let timeout: Int32
    private let logger: Logger
    /// True between `begin` and the commit or abort.
    private let open = Mutex(false)

    /// How a batch's transaction ended.
    enum Outcome: Sendable, Equatable {
        case committed
        /// Aborted: none of it counts; the batch must be done again.
        case aborted(reason: String)
    }

    /// Makes the producer and registers `id` with the cluster's transaction coordinator, which aborts what an
    /// earlier producer of the same id left open. Throws when the cluster refuses transactions.
    init(id: String, configuration: KafkaConfiguration, logger: Logger) async throws {
        self.id = id
        var logger = logger
        logger[metadataKey: "kafka.transactional_id"] = "\(id)"
        self.logger = logger
        timeout = configuration.requestTimeoutMilliseconds
        producer = try KafkaProducer(
            configuration: configuration, logger: logger,
            fixed: [
                "transactional.id": id,
                "transaction.timeout.ms": "\(configuration.transactionTimeout.inMilliseconds)",
            ])
        nonisolated(unsafe) let handle = producer.handle
        let timeout = timeout
        do {
            try await offThePool {
                if let error = rd_kafka_init_transactions(handle, timeout) {
                    throw KafkaError.take(error, "starting transactions as \(id)")
                }
            }
        } catch {
            await producer.drain(timeout: .zero)
            let producer = producer
            _ = try? await offThePool { producer.destroy() }
            throw error
        }
    }

    /// Publishes `messages` and commits `offsets` (next positions) for `consumer`'s group in one transaction.
    /// Throws only what leaves this producer unusable (fenced by another producer of the same id: fatal), a closed
    /// log, or cancellation (the transaction then stays open: `close` aborts it); anything else aborts the
    /// transaction and says why.
    func commit(
        _ messages: [OutgoingMessage], offsets: [(String, Int32, Int64)], consumer: OpaquePointer
    ) async throws -> Outcome {
        nonisolated(unsafe) let handle = producer.handle
        nonisolated(unsafe) let consumer = consumer
        let id = id
        do {
            try await offThePool {
                if let error = rd_kafka_begin_transaction(handle) {
                    throw KafkaError.take(error, "beginning a transaction as \(id)")
                }
            }
            open.withLock { $0 = true }
            try await producer.publish(messages)
            try await sliced("adding the batch's offsets to transaction \(id)") { slice in
                let list = PartitionList(offsets)
                defer { list.destroy() }
                guard let metadata = rd_kafka_consumer_group_metadata(consumer) else {
                    throw EventLogError(code: .broker, context: "reading the group's metadata for transaction \(id)")
                }
                defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
                return rd_kafka_send_offsets_to_transaction(handle, list.pointer, metadata, slice)
            }
            try await finish(commit: true)
            return .committed
        } catch let error as EventLogError {
            guard let kafka = error.underlying as? KafkaError, !kafka.isFatal else { throw error }
            try await finish(commit: false)
            return .aborted(reason: "\(error)")
        }
    }

    /// Commits or aborts the open transaction.
    private func finish(commit: Bool) async throws {
        guard open.withLock({ $0 }) else { return }
        nonisolated(unsafe) let handle = producer.handle
        let id = id
        do {
            try await sliced("\(commit ? "committing" : "aborting") transaction \(id)") { slice in
                commit ? rd_kafka_commit_transaction(handle, slice) : rd_kafka_abort_transaction(handle, slice)
            }
        } catch let error as EventLogError {
            if commit, (error.underlying as? KafkaError)?.requiresTransactionAbort == true {
                try await finish(commit: false)
            }
            throw error
        }
        open.withLock { $0 = false }
    }

    /// Makes a blocking transactional call in slices of at most half a second, again while librdkafka calls its
    /// failure retriable (a timeout, a coordinator moving), within twice the request timeout, so that a
    /// cancelled task (a stop with the brokers gone) is noticed within a slice.
    private func sliced(
        _ doing: String, _ call: @escaping @Sendable (Int32) throws -> OpaquePointer?
    ) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout) * 2)
        while true {
            try Task.checkCancellation()
            do {
                return try await offThePool {
                    if let error = try call(500) { throw KafkaError.take(error, doing) }
                }
            } catch let error as EventLogError {
                guard (error.underlying as? KafkaError)?.isRetriable == true, ContinuousClock.now < deadline else {
                    throw error
                }
                logger.debug("transaction call not done yet; again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Aborts a transaction left open (a stop mid-batch) and releases the producer.
    func close() async {
        if open.withLock({ $0 }) {
            nonisolated(unsafe) let handle = producer.handle
            let id = id
            do {
                // One short try: at a stop with the brokers gone, waiting longer would outlast the 10 s allowed.
                try await offThePool {
                    if let error = rd_kafka_abort_transaction(handle, 1_000) {
                        throw KafkaError.take(error, "aborting transaction \(id)")
                    }
                }
                open.withLock { $0 = false }
            } catch {
                logger.notice(
                    "open transaction not aborted at close; the broker aborts it after its timeout",
                    metadata: ["error": "\(error)"])
            }
        }
        await producer.drain(timeout: .milliseconds(500))
        let producer = producer
        _ = try? await offThePool { producer.destroy() }
    }
}

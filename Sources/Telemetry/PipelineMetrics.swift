import EventLog
import Metrics

/// What the pipeline reports to swift-metrics (served as Prometheus `/metrics` by the `Monitoring` module).
/// Names and label sets are fixed here: the alert rules in `deploy/prometheus` and the dashboard read them.
public enum PipelineMetrics {
    public static let recordsPublished = "ghstats_records_published_total"
    public static let recordsPersisted = "ghstats_records_persisted_total"
    public static let batchWriteDuration = "ghstats_batch_write_duration_seconds"
    public static let consumerLag = "ghstats_consumer_lag_messages"
    public static let deadLetters = "ghstats_dead_letters_total"
    public static let bigQueryBytesBilled = "ghstats_bigquery_bytes_billed_total"
    public static let collections = "ghstats_collections_total"
    public static let lastCollectionSuccess = "ghstats_last_successful_collection_timestamp_seconds"

    /// Each metric's `# HELP` text.
    public static let help: [String: String] = [
        recordsPublished: "Messages a stage published, per topic.",
        recordsPersisted: "Records written to a store, per store and topic.",
        batchWriteDuration: "Time to write one batch to a store, per store.",
        consumerLag: "Messages on a consumer group's topics not yet committed by it, per group.",
        deadLetters: "Messages or tasks dead-lettered, per reason.",
        bigQueryBytesBilled: "Bytes BigQuery billed for the queries ghstats ran.",
        collections: "Collections ended, per outcome (completed or stopped).",
        lastCollectionSuccess: "Unix time the last collection completed.",
    ]

    /// Counts the messages a stage published, per topic.
    package static func published(_ messages: [OutgoingMessage]) {
        for (topic, count) in Dictionary(grouping: messages, by: \.topic).mapValues(\.count) {
            Counter(label: recordsPublished, dimensions: [("topic", topic)]).increment(by: count)
        }
    }

    /// Counts a persisted batch per topic and times its write.
    static func persisted(_ batch: [LogMessage], store: String, duration: Duration) {
        for (topic, count) in Dictionary(grouping: batch, by: \.topic).mapValues(\.count) {
            Counter(label: recordsPersisted, dimensions: [("store", store), ("topic", topic)]).increment(by: count)
        }
        Timer(label: batchWriteDuration, dimensions: [("store", store)]).record(duration: duration)
    }

    package static func deadLettered(reason: String) {
        Counter(label: deadLetters, dimensions: [("reason", reason)]).increment()
    }

    package static func billed(bytes: Int64) {
        guard bytes > 0 else { return }
        Counter(label: bigQueryBytesBilled).increment(by: Int(bytes))
    }

    /// The messages `group` has yet to consume.
    public static func lag(group: String, messages: Int64) {
        Gauge(label: consumerLag, dimensions: [("group", group)]).record(messages)
    }

    package static func collectionEnded(completed: Bool, at seconds: Double) {
        Counter(label: collections, dimensions: [("outcome", completed ? "completed" : "stopped")]).increment()
        if completed { Gauge(label: lastCollectionSuccess).record(seconds) }
    }

    /// Times `body` as a batch write to `store` and counts its messages.
    package static func timingWrite<T>(
        _ batch: [LogMessage], store: String, _ body: () async throws -> T
    ) async rethrows -> T {
        let started = ContinuousClock.now
        let result = try await body()
        persisted(batch, store: store, duration: ContinuousClock.now - started)
        return result
    }
}

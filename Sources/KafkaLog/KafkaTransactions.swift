/// Whether fetchers publish in Kafka transactions (`KAFKA_TRANSACTIONS`).
public enum KafkaTransactions: String, Sendable, CaseIterable {
    /// Transactions where the cluster grants a transactional producer; else at-least-once, said at start.
    case auto
    /// Transactions or no start: a cluster that refuses them fails the fetcher, naming the setting.
    case on
    /// At-least-once: records are published, then the tasks' offsets committed; the stores de-duplicate.
    case off
}

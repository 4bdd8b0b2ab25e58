import DurationConversion

/// Settings of the Kafka transport. Values are validated when a client is created; a bad one is named.
public struct KafkaConfiguration: Sendable {
    /// `bootstrap.servers`: `HOST:PORT[,HOST:PORT...]` (`KAFKA_BROKERS`). Required.
    public var brokers: String
    /// `client.id` prefix. Default `ghstats`.
    public var clientID: String
    /// librdkafka properties passed through to every client (`security.protocol`, `sasl.*`, `ssl.*` ...).
    /// Values of secret properties never appear in errors or logs.
    public var properties: [String: String]
    /// Messages a consumer buffers ahead of the application; beyond it, its partitions are paused (while it
    /// keeps polling, so the group never drops it). Default 20,000.
    public var consumerBufferMessages: Int
    /// How long a revoked member waits for in-flight batches to commit before it lets the partitions go.
    /// Default 5 s.
    public var revokeGracePeriod: Duration
    /// How long a broker call (metadata, offsets, commits, topic creation) may take. Default 15 s.
    public var requestTimeout: Duration
    /// Whether fetchers publish a batch's records, its child tasks and its offsets in one transaction
    /// (`KAFKA_TRANSACTIONS`). Default `auto`.
    public var transactions: KafkaTransactions
    /// Names this process's transactional producers, the group and member appended (`KAFKA_TRANSACTIONAL_ID`).
    /// Keep it stable across restarts of one fetcher and distinct between fetchers running at once: a restarted
    /// fetcher then aborts at once what its killed predecessor left open, which read-committed consumers wait for
    /// until `transactionTimeout` otherwise. Default: the host name and process id.
    public var transactionalID: String?
    /// How long the broker lets a transaction stay open before it aborts it (`transaction.timeout.ms`). Default 60 s.
    public var transactionTimeout: Duration
    /// Where the digests of published values are kept, so that records fetched again unchanged are left out (the
    /// state directory's `published.db`); nil publishes every record. Default nil.
    public var publishedValuesPath: String?
    /// How long a published value leaves out the same value under its key (`KAFKA_UNCHANGED_TTL`): an unchanged
    /// record goes out again once per this, so keep it under the topics' retention. Default 24 h.
    public var unchangedTTL: Duration

    public init(brokers: String) {
        self.brokers = brokers
        self.clientID = "ghstats"
        self.properties = [:]
        self.consumerBufferMessages = 20_000
        self.revokeGracePeriod = .seconds(5)
        self.requestTimeout = .seconds(15)
        self.transactions = .auto
        self.transactionalID = nil
        self.transactionTimeout = .seconds(60)
        self.publishedValuesPath = nil
        self.unchangedTTL = .seconds(86_400)
    }

    var requestTimeoutMilliseconds: Int32 {
        Int32(clamping: requestTimeout.inMilliseconds)
    }

    /// Whether a property holds a secret (its value is never shown).
    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "secret", "key", "token", "jaas"].contains { lowered.contains($0) }
            && !lowered.hasSuffix(".location") && lowered != "ssl.key.location"
    }
}

import ArgumentParser
import EventLog
import Foundation
import KafkaLog
import Logging
import Pipeline
import Settings

/// Where the pipeline's topics live: a Kafka cluster (`--brokers` or `KAFKA_BROKERS`), else the embedded log.
struct TransportOptions: ParsableArguments {
    @Option(
        help:
            "Kafka bootstrap servers HOST:PORT[,HOST:PORT...]. Default: KAFKA_BROKERS; unset: the embedded log in --state-dir."
    )
    var brokers: String?

    @Option(
        help:
            "A librdkafka property KEY=VALUE for every client (repeatable), e.g. session.timeout.ms=10000. Also: KAFKA_PROPERTIES=K=V,K=V."
    )
    var kafkaProperty: [String] = []

    /// The Kafka settings, or nil for the embedded log.
    func kafka(_ settings: GhstatsSettings) throws -> KafkaConfiguration? {
        let key = brokers == nil ? "KAFKA_BROKERS" : "--brokers"
        guard let brokers = brokers ?? settings.kafkaBrokers else { return nil }
        for broker in brokers.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = broker.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port) else {
                throw ConfigurationError(key: key, reason: "'\(broker)' is not HOST:PORT")
            }
        }
        var configuration = KafkaConfiguration(brokers: brokers)
        configuration.properties = settings.kafkaProperties
            .merging(try GhstatsSettings.kafkaProperties(kafkaProperty, key: "--kafka-property")) { $1 }
        configuration.transactions = settings.kafkaTransactions
        configuration.transactionalID = settings.kafkaTransactionalID
        return configuration
    }

    /// Opens the transport and creates the pipeline's topics where missing; `exclusive` locks the embedded log's dir.
    /// `leavesOutUnchanged` (a fetcher): on Kafka, records fetched again unchanged are left out, as the embedded log
    /// leaves them out, by the digests in the state directory's `published.db` (`KAFKA_UNCHANGED_TTL`).
    func open(
        _ settings: GhstatsSettings, _ configuration: PipelineConfiguration, logger: Logger, exclusive: Bool = true,
        leavesOutUnchanged: Bool = false
    ) async throws -> any EventLog {
        let log: any EventLog
        if var kafka = try kafka(settings) {
            if leavesOutUnchanged, let ttl = settings.kafkaUnchangedTTL {
                try FileManager.default.createDirectory(
                    atPath: configuration.stateDirectory, withIntermediateDirectories: true)
                kafka.publishedValuesPath = configuration.stateDirectory + "/published.db"
                kafka.unchangedTTL = ttl
            }
            log = try KafkaLog(configuration: kafka, logger: logger)
        } else {
            log = try EmbeddedLogFactory.open(configuration, exclusive: exclusive)
        }
        try await log.createTopics(configuration.topicSpecs)
        return log
    }
}

import KafkaLog

extension KafkaConfiguration {
    /// A client of the test brokers at `brokers`, with quick group timeouts.
    public static func forTests(brokers: String) -> KafkaConfiguration {
        var configuration = KafkaConfiguration(brokers: brokers)
        configuration.properties["session.timeout.ms"] = "6000"
        configuration.properties["heartbeat.interval.ms"] = "500"
        configuration.properties["topic.metadata.refresh.interval.ms"] = "1000"
        configuration.revokeGracePeriod = .seconds(2)
        return configuration
    }
}

import CRdKafka
import EventLog

/// Builds a librdkafka configuration from ghstats' settings plus fixed properties of one client kind.
struct ClientConfiguration {
    let pointer: OpaquePointer

    /// Applies `configuration`'s broker and pass-through properties, then `fixed` (which win).
    init(_ configuration: KafkaConfiguration, clientID: String, fixed: [String: String]) throws {
        guard !configuration.brokers.isEmpty else {
            throw EventLogError(code: .invalidArgument, context: "KAFKA_BROKERS is empty")
        }
        pointer = rd_kafka_conf_new()
        var properties = ["bootstrap.servers": configuration.brokers, "client.id": clientID, "log_level": "4"]
        properties.merge(configuration.properties) { $1 }
        properties.merge(fixed) { $1 }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            try set(key, value)
        }
    }

    /// Creates the client (which takes the configuration), with `context` as its opaque; on failure nothing leaks.
    func makeClient(_ kind: rd_kafka_type_t, context: ClientContext) throws -> (OpaquePointer, Unmanaged<ClientContext>)
    {
        let retained = context.install(on: pointer)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind, pointer, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(pointer)
            retained.release()
            let what = kind == RD_KAFKA_PRODUCER ? "producer" : "consumer"
            throw EventLogError(code: .invalidArgument, context: "creating a Kafka \(what): \(cText(errorText))")
        }
        return (handle, retained)
    }

    func set(_ key: String, _ value: String) throws {
        var errorText = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(pointer, key, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
            rd_kafka_conf_destroy(pointer)
            let shown = KafkaConfiguration.isSecret(key) ? "(value not shown)" : "'\(value)'"
            throw EventLogError(
                code: .invalidArgument,
                context: "Kafka property \(key) = \(shown): \(cText(errorText))")
        }
    }
}

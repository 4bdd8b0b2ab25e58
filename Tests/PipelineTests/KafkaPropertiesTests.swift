import Settings
import Testing

@testable import ghstats

/// `KAFKA_PROPERTIES` and `--kafka-property` go through one parser: same result, same refusal, no value shown.
@Suite struct KafkaPropertiesTests {
    @Test func theEnvironmentAndTheFlagParseItemsAlike() throws {
        let items = ["session.timeout.ms=6000", "sasl.jaas.config=a=b;c=d", "client.id="]
        let source = SettingsSource(values: ["KAFKA_PROPERTIES": items.joined(separator: ",")])
        let settings = try GhstatsSettings(source: source)
        let flags = try GhstatsSettings.kafkaProperties(items, key: "--kafka-property")
        #expect(flags == ["session.timeout.ms": "6000", "sasl.jaas.config": "a=b;c=d", "client.id": ""])
        #expect(settings.kafkaProperties == flags)
    }

    @Test func aLaterItemWinsAndKafkaPropertiesOverrideTheSecurityVariables() throws {
        let settings = try GhstatsSettings(
            source: SettingsSource(values: [
                "KAFKA_SASL_MECHANISM": "PLAIN",
                "KAFKA_PROPERTIES": "sasl.mechanism=SCRAM-SHA-512,linger.ms=1,linger.ms=5",
            ]))
        #expect(settings.kafkaProperties == ["sasl.mechanism": "SCRAM-SHA-512", "linger.ms": "5"])
    }

    @Test(arguments: ["KAFKA_PROPERTIES", "--kafka-property"])
    func aBadItemNamesItsKeyButNeverItsText(key: String) throws {
        for item in ["hunter2-secret", "=hunter2-secret"] {
            let error = #expect(throws: ConfigurationError.self) {
                try GhstatsSettings.kafkaProperties(["linger.ms=5", item], key: key)
            }
            #expect(error?.key == key)
            #expect(error?.description.contains("hunter2") == false)
        }
    }
}

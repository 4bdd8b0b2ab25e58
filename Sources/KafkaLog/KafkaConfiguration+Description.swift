import Secrets

/// Described (in logs, errors, service dumps) with the values of secret properties redacted.
extension KafkaConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `properties` with every secret value replaced.
    public var redactedProperties: [String: String] {
        Dictionary(
            uniqueKeysWithValues: properties.map { key, value in (key, Self.isSecret(key) ? Secret.redacted : value) })
    }

    public var description: String {
        let properties = redactedProperties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return
            "KafkaConfiguration(brokers: \(brokers), clientID: \(clientID), properties: [\(properties.joined(separator: ", "))])"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["brokers": brokers, "clientID": clientID, "properties": redactedProperties],
            displayStyle: .struct)
    }
}

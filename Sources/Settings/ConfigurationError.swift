/// A configuration value that cannot be used, naming the key it came from.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The setting's name: an environment key (`MAX_WORKERS`) or a flag (`--days`).
    public let key: String
    /// What is wrong, without the value when the key is a secret.
    public let reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "invalid configuration \(key): \(reason)" }
}

/// A secret setting's value (a token, a password, a URL that carries a key). Its descriptions and its mirror are
/// redacted, so no log line, error or dump of a configuration that holds it can show it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The value itself: read it only where it is sent (a header, a URL, a client property).
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// An empty or absent value is no secret at all.
    public init?(nonEmpty value: String?) {
        guard let value, !value.isEmpty else { return nil }
        self.value = value
    }

    /// What is shown in place of a secret.
    public static let redacted = "<redacted>"

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

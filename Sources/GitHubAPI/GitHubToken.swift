/// A GitHub token. Its description is redacted so it never reaches a log, topic or error message.
public struct GitHubToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to build an `Authorization` header.
    public let secret: String

    public init(_ secret: String) {
        self.secret = secret
    }

    public var description: String { "GitHubToken(redacted)" }
    public var debugDescription: String { description }
}

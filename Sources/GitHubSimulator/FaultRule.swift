/// A fault the simulator injects into responses to one path.
public struct FaultRule: Sendable, Hashable {
    public struct Kind: Hashable, Sendable {
        enum Value: Hashable, Sendable {
            case status(Int)
            case malformedBody
            case truncatedBody
            case delay(Duration)
            case connectionReset
            case secondaryRateLimit(retryAfter: Int)
            case graphQLTimeout
            case graphQLNotFound
        }
        let value: Value

        /// Answer with this HTTP status (500, 502, 404, 409, 451 ...) and GitHub's error body.
        public static func status(_ code: Int) -> Kind { Kind(value: .status(code)) }
        /// Answer 200 with a body that is not JSON.
        public static let malformedBody = Kind(value: .malformedBody)
        /// Answer 200 with the first half of the real body.
        public static let truncatedBody = Kind(value: .truncatedBody)
        /// Answer normally after a delay.
        public static func delay(_ duration: Duration) -> Kind { Kind(value: .delay(duration)) }
        /// Close the connection without an answer.
        public static let connectionReset = Kind(value: .connectionReset)
        /// GitHub's secondary rate limit: 403 with `retry-after` and its message.
        public static func secondaryRateLimit(retryAfter seconds: Int) -> Kind {
            Kind(value: .secondaryRateLimit(retryAfter: seconds))
        }
        /// GraphQL only: a query that timed out, as GitHub answers it — HTTP 200, `data: null` and an error without
        /// a `type` ("Something went wrong while executing your query ...").
        public static let graphQLTimeout = Kind(value: .graphQLTimeout)
        /// GraphQL only: the repository asked for is gone — HTTP 200, `repository: null` and an error of type
        /// `NOT_FOUND`.
        public static let graphQLNotFound = Kind(value: .graphQLNotFound)
    }

    /// The request path the rule applies to, exactly (without query and without any `/api/v3` prefix);
    /// a path ending in `/*` applies to everything under it (`/repos/o/r/*`: a whole repository). `/graphql` applies
    /// to GraphQL queries (also under GitHub Enterprise's `/api/graphql`).
    public var path: String
    public var kind: Kind
    /// How many requests it applies to before it stops; nil means forever.
    public var times: Int?

    public init(path: String, kind: Kind, times: Int? = nil) {
        self.path = path
        self.kind = kind
        self.times = times
    }

    func matches(_ requestPath: String) -> Bool {
        if path.hasSuffix("/*") {
            let prefix = String(path.dropLast(2))
            return requestPath == prefix || requestPath.hasPrefix(prefix + "/")
        }
        return requestPath == path
    }
}

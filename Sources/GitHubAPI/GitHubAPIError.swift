import Foundation

/// A failed GitHub call: what kind of failure, which request, and whether (and when) to try again.
public struct GitHubAPIError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case transport, serverError, timeout, rateLimited, secondaryRateLimited, notFound, conflict,
                unavailableForLegalReasons
            case unprocessable, unauthorized, forbidden, clientError, malformedBody
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The connection failed, was reset or timed out.
        public static let transport = Code(.transport)
        /// GitHub answered 5xx.
        public static let serverError = Code(.serverError)
        /// GitHub stopped a GraphQL query that took too long (HTTP 200 with an error): retry, with a smaller page.
        public static let timeout = Code(.timeout)
        /// The token's primary rate limit is exhausted until its reset.
        public static let rateLimited = Code(.rateLimited)
        /// A secondary (abuse) rate limit: wait `retry-after`.
        public static let secondaryRateLimited = Code(.secondaryRateLimited)
        /// 404: the repository or object is gone (or the token cannot see it).
        public static let notFound = Code(.notFound)
        /// 409: for a repository, it is empty.
        public static let conflict = Code(.conflict)
        /// 451: blocked for legal reasons.
        public static let unavailableForLegalReasons = Code(.unavailableForLegalReasons)
        /// 422: GitHub rejected the request's parameters.
        public static let unprocessable = Code(.unprocessable)
        /// 401: the token is missing, wrong or expired.
        public static let unauthorized = Code(.unauthorized)
        /// 403 that is not a rate limit.
        public static let forbidden = Code(.forbidden)
        /// Another 4xx.
        public static let clientError = Code(.clientError)
        /// The body was not the JSON expected (truncated, malformed, wrong shape).
        public static let malformedBody = Code(.malformedBody)

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// `GET /repos/o/r/pulls?page=2` (no host, no token).
    public let request: String
    /// The HTTP status, when there was a response.
    public let status: Int?
    /// GitHub's `message`, or a description of the body or transport failure.
    public let message: String
    /// How long to wait before trying again, when GitHub said (reset, `retry-after`).
    public let retryAfter: Duration?
    /// The rate-limit headers of the failed response, if any.
    public var rateLimit: RateLimitStatus?

    public init(code: Code, request: String, status: Int? = nil, message: String, retryAfter: Duration? = nil) {
        self.code = code
        self.request = request
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    /// True when the same request may succeed later.
    public var isRetriable: Bool {
        switch code {
        case .transport, .serverError, .timeout, .rateLimited, .secondaryRateLimited, .malformedBody: return true
        default: return false
        }
    }

    /// True when a smaller GraphQL query may succeed where this one failed (a timeout, a 502 or 504).
    public var suggestsSmallerQuery: Bool {
        code == .timeout || (code == .serverError && (status == 502 || status == 504))
    }

    public var description: String {
        var text = "GitHub \(code) on \(request)"
        if let status { text += " (HTTP \(status))" }
        text += ": \(message)"
        return text
    }
}

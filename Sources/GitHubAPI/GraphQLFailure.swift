import Foundation

/// An entry of a GraphQL answer's `errors`, and how ghstats classifies it.
struct GraphQLFailure: Decodable, Sendable {
    let type: String?
    let message: String

    /// The error this entry means for `request`: a timeout is retriable (GitHub gives up on a costly query and
    /// answers 200 with an error without a `type`), `NOT_FOUND` is a missing object, `RATE_LIMITED` waits for the
    /// reset, anything else (a query GitHub rejects) is permanent and keeps GitHub's message.
    func error(request: String, status: Int, rateLimit: RateLimitStatus?) -> GitHubAPIError {
        switch type {
        case "RATE_LIMITED":
            return GitHubAPIError(
                code: .rateLimited, request: request, status: status, message: message,
                retryAfter: RateLimitStatus.waitForReset(rateLimit))
        case "NOT_FOUND":
            return GitHubAPIError(code: .notFound, request: request, status: status, message: message)
        case "FORBIDDEN":
            return GitHubAPIError(code: .forbidden, request: request, status: status, message: message)
        case nil where Self.isTimeout(message):
            return GitHubAPIError(code: .timeout, request: request, status: status, message: message)
        default:
            return GitHubAPIError(
                code: .unprocessable, request: request, status: status,
                message: "\(type ?? "GraphQL error"): \(message)")
        }
    }

    /// GitHub's words for a query it stopped: "Something went wrong while executing your query. This may be the
    /// result of a timeout ...", or a message naming a timeout.
    static func isTimeout(_ message: String) -> Bool {
        message.localizedCaseInsensitiveContains("something went wrong while executing your query")
            || message.localizedCaseInsensitiveContains("timeout")
            || message.localizedCaseInsensitiveContains("timed out")
    }
}

import Foundation

/// The body of `GET /rate_limit`.
struct RateLimitBody: Encodable {
    struct Resource: Encodable {
        let limit: Int
        let used: Int
        let remaining: Int
        let reset: Int
    }

    let resources: [String: Resource]
    let rate: Resource

    /// The account's budgets as they stand (asking does not spend any).
    static func current(_ limiter: RateLimiter, account: String?) -> RateLimitBody {
        func resource(_ name: String) -> Resource {
            let status = limiter.peek(account: account, resource: name)
            return Resource(
                limit: status.limit, used: status.used, remaining: status.remaining,
                reset: Int(status.reset.timeIntervalSince1970.rounded(.up)))
        }
        let core = resource("core")
        let reset = Int(Date().timeIntervalSince1970) + 60
        return RateLimitBody(
            resources: [
                "core": core, "graphql": resource("graphql"),
                "search": Resource(limit: 30, used: 0, remaining: 30, reset: reset),
            ],
            rate: core)
    }
}

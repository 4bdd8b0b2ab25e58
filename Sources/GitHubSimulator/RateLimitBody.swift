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

    static func unlimited() -> RateLimitBody {
        let reset = Int(Date().timeIntervalSince1970) + 3600
        let resource = Resource(limit: 5000, used: 0, remaining: 5000, reset: reset)
        return RateLimitBody(
            resources: ["core": resource, "graphql": resource, "search": Resource(limit: 30, used: 0, remaining: 30, reset: reset)],
            rate: resource)
    }
}

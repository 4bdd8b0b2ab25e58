/// A decoded GitHub response with what its headers said.
public struct GitHubResponse<Body: Sendable>: Sendable {
    public let body: Body
    public let status: Int
    /// Pagination links.
    public let links: LinkHeader
    public let rateLimit: RateLimitStatus?
    public let etag: String?

    public init(body: Body, status: Int, links: LinkHeader, rateLimit: RateLimitStatus?, etag: String?) {
        self.body = body
        self.status = status
        self.links = links
        self.rateLimit = rateLimit
        self.etag = etag
    }
}

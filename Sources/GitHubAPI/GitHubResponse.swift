/// A decoded GitHub response with what its headers said.
public struct GitHubResponse<Body: Sendable>: Sendable {
    public let body: Body
    public let status: Int
    /// Pagination links.
    public let links: LinkHeader
    public let rateLimit: RateLimitStatus?
    public let etag: String?
    /// Answered 304 from the response cache: unchanged since it was cached, and free.
    public var notModified: Bool { status == 304 }

    public init(body: Body, status: Int, links: LinkHeader, rateLimit: RateLimitStatus?, etag: String?) {
        self.body = body
        self.status = status
        self.links = links
        self.rateLimit = rateLimit
        self.etag = etag
    }
}

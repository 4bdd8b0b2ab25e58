extension GitHubClient {
    /// The size of a paginated listing, read cheaply: its first page and, when the `Link` header names a last
    /// page beyond it, that page too.
    public struct ListingSize: Sendable {
        public let items: Int
        public let pages: Int
        /// Requests it took (1 or 2).
        public let requests: Int
    }

    public func listingSize(_ url: String) async throws(GitHubAPIError) -> ListingSize {
        struct Item: Decodable, Sendable {}
        let first = try await get(url, as: [Item].self)
        guard let last = first.links.last, let pages = LinkHeader.pageNumber(last), pages > 1 else {
            return ListingSize(items: first.body.count, pages: 1, requests: 1)
        }
        let lastPage = try await get(last, as: [Item].self)
        return ListingSize(items: (pages - 1) * endpoints.perPage + lastPage.body.count, pages: pages, requests: 2)
    }
}

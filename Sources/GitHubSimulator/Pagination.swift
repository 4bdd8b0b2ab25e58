/// GitHub's page-number pagination: `per_page` (default 30, max 100), `page`, and the `Link` header.
struct Pagination {
    let page: Int
    let perPage: Int

    init(query: [String: String]) {
        page = max(Int(query["page"] ?? "") ?? 1, 1)
        perPage = min(max(Int(query["per_page"] ?? "") ?? 30, 1), 100)
    }

    /// The items of this page (empty past the last page) and the `Link` header value, if any.
    func apply<T>(_ items: [T], request: SimulatorRequest) -> (page: ArraySlice<T>, link: String?) {
        let lastPage = max((items.count + perPage - 1) / perPage, 1)
        let start = (page - 1) * perPage
        let slice = start < items.count ? items[start..<min(start + perPage, items.count)] : []
        var relations: [String] = []
        if page < lastPage {
            relations.append("<\(request.linkURL(page: page + 1))>; rel=\"next\"")
            relations.append("<\(request.linkURL(page: lastPage))>; rel=\"last\"")
        }
        if page > 1 {
            relations.append("<\(request.linkURL(page: 1))>; rel=\"first\"")
            relations.append("<\(request.linkURL(page: min(page - 1, lastPage)))>; rel=\"prev\"")
        }
        return (slice, relations.isEmpty ? nil : relations.joined(separator: ", "))
    }
}

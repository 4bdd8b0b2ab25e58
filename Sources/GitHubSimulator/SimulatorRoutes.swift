import Foundation

/// The endpoints the simulator serves, answered from the generated organisations.
struct SimulatorRoutes: Sendable {
    let ordered: [SimulatedOrganization]
    let organizations: [String: SimulatedOrganization]
    let repositoriesByID: [Int64: SimulatedRepository]
    /// Account ids of the organisations by lowercased login, distinct per organisation.
    let organizationIDs: [String: Int64]
    let organizationsByID: [Int64: SimulatedOrganization]
    let now: Date
    let repositoryIDLinks: Bool

    init(organizations: [SimulatedOrganization], now: Date, repositoryIDLinks: Bool) {
        self.ordered = organizations
        self.repositoryIDLinks = repositoryIDLinks
        var byLogin: [String: SimulatedOrganization] = [:]
        var byID: [Int64: SimulatedRepository] = [:]
        var ids: [String: Int64] = [:]
        var organizationsByID: [Int64: SimulatedOrganization] = [:]
        for (index, organization) in organizations.enumerated() {
            byLogin[organization.login.lowercased()] = organization
            let id = 9_000 + Int64(index) * 100 + Int64(organization.login.count)
            ids[organization.login.lowercased()] = id
            organizationsByID[id] = organization
            for repository in organization.repositories { byID[repository.id] = repository }
        }
        self.organizations = byLogin
        self.repositoriesByID = byID
        self.organizationIDs = ids
        self.organizationsByID = organizationsByID
        self.now = now
    }

    /// What a route answers: a status and an encodable body, with an optional `Link` header.
    struct Answer {
        var status: Int
        var body: any Encodable
        var link: String?
    }

    static func notFound() -> Answer {
        Answer(
            status: 404,
            body: GitHubShapes.ErrorBody(
                message: "Not Found", documentationUrl: "https://docs.github.com/rest", status: "404"))
    }

    func answer(_ request: inout SimulatorRequest) -> Answer {
        // `/repositories/{id}/...` as real `Link` URLs use.
        if request.segments.first == "repositories", request.segments.count >= 2,
            let id = Int64(request.segments[1]), let repository = repositoriesByID[id]
        {
            request.segments = ["repos", repository.owner, repository.name] + request.segments.dropFirst(2)
        }
        // `/organizations/{id}/...`, as the `Link` URLs of organisation listings use.
        if request.segments.first == "organizations", request.segments.count >= 2,
            let id = Int64(request.segments[1]), let organization = organizationsByID[id]
        {
            request.segments = ["orgs", organization.login] + request.segments.dropFirst(2)
        }
        let s = request.segments
        switch (s.count, s.first) {
        case (2, "_simulator") where s[1] == "counts":
            return Answer(status: 200, body: SimulatedCounts(organizations: ordered, since: request.date("since")))
        case (2, "orgs"):
            guard let organization = organizations[s[1].lowercased()] else { return Self.notFound() }
            let id = organizationID(organization.login)
            let created = organization.repositories.map(\.createdAt).min() ?? now
            return Answer(
                status: 200,
                body: GitHubShapes.Organization(
                    login: organization.login, id: id, nodeId: "O_\(id)",
                    url: "\(request.apiRoot)/orgs/\(organization.login)",
                    reposUrl: "\(request.apiRoot)/orgs/\(organization.login)/repos",
                    avatarUrl: "https://avatars.example/o/\(id)", description: "A simulated organisation",
                    name: organization.login, htmlUrl: "https://github.com/\(organization.login)",
                    publicRepos: organization.repositories.count, type: "Organization", createdAt: created,
                    updatedAt: now))
        case (3, "orgs") where s[2] == "repos":
            guard let organization = organizations[s[1].lowercased()] else { return Self.notFound() }
            let id = organizationID(organization.login)
            if repositoryIDLinks { request.requestPath = request.prefix + "/organizations/\(id)/repos" }
            return list(organization.repositories.sorted { $0.name < $1.name }, request) {
                ShapeBuilder(apiRoot: request.apiRoot, repository: $0, ownerID: id).repositoryShape.minimal
            }
        case (_, "repos") where s.count >= 3:
            guard let organization = organizations[s[1].lowercased()],
                let repository = organization.repository(named: s[2])
            else { return Self.notFound() }
            if repositoryIDLinks { request.linkByRepositoryID(repository.id) }
            return repositoryRoute(repository, Array(s.dropFirst(3)), request)
        default:
            return Self.notFound()
        }
    }

    private func repositoryRoute(
        _ repository: SimulatedRepository, _ rest: [String], _ request: SimulatorRequest
    )
        -> Answer
    {
        let shapes = ShapeBuilder(
            apiRoot: request.apiRoot, repository: repository, ownerID: organizationID(repository.owner))
        switch rest.count {
        case 0:
            return Answer(status: 200, body: shapes.repositoryShape)
        case 1 where rest[0] == "pulls":
            return list(pulls(repository, request.query), request) { shapes.pullRequest($0, detail: false) }
        case 1 where rest[0] == "commits":
            let since = request.date("since") ?? .distantPast
            let until = request.date("until") ?? .distantFuture
            let commits = repository.commits.filter { $0.committedAt >= since && $0.committedAt <= until }
            return list(commits, request) { shapes.commit($0, stats: false) }
        case 2 where rest == ["pulls", "comments"]:
            let since = request.date("since") ?? .distantPast
            let comments = sorted(
                repository.reviewComments.filter { $0.updatedAt >= since }, request.query,
                created: \.createdAt, updated: \.updatedAt, id: \.id)
            return list(comments, request) { shapes.reviewComment($0) }
        case 2 where rest == ["issues", "comments"]:
            let since = request.date("since") ?? .distantPast
            let comments = sorted(
                repository.issueComments.filter { $0.updatedAt >= since }, request.query,
                created: \.createdAt, updated: \.updatedAt, id: \.id)
            return list(comments, request) { shapes.issueComment($0) }
        case 2 where rest[0] == "commits":
            guard let commit = repository.commits.first(where: { $0.sha == rest[1] }) else { return Self.notFound() }
            return Answer(status: 200, body: shapes.commit(commit, stats: true))
        case 2 where rest[0] == "pulls":
            guard let pull = pull(repository, rest[1]) else { return Self.notFound() }
            return Answer(status: 200, body: shapes.pullRequest(pull, detail: true))
        case 3 where rest[0] == "pulls" && rest[2] == "reviews":
            guard let pull = pull(repository, rest[1]) else { return Self.notFound() }
            return list(pull.reviews, request) { shapes.review($0, pullNumber: pull.number) }
        case 3 where rest[0] == "pulls" && rest[2] == "comments":
            guard let pull = pull(repository, rest[1]) else { return Self.notFound() }
            return list(pull.reviewComments, request) { shapes.reviewComment($0) }
        default:
            return Self.notFound()
        }
    }

    private func pull(_ repository: SimulatedRepository, _ number: String) -> SimulatedPullRequest? {
        guard let number = Int(number), number >= 1, number <= repository.pullRequests.count else { return nil }
        return repository.pullRequests[number - 1]
    }

    /// `state` (default open), `sort` (created, updated; default created), `direction` (default desc).
    private func pulls(_ repository: SimulatedRepository, _ query: [String: String]) -> [SimulatedPullRequest] {
        let state = query["state"] ?? "open"
        let filtered = repository.pullRequests.filter { state == "all" || $0.state == state }
        let key: (SimulatedPullRequest) -> Date = query["sort"] == "updated" ? { $0.updatedAt } : { $0.createdAt }
        let ascending = query["direction"] == "asc"
        return filtered.sorted {
            let (a, b) = (key($0), key($1))
            if a != b { return ascending ? a < b : a > b }
            return ascending ? $0.number < $1.number : $0.number > $1.number
        }
    }

    /// `sort` (created default, updated) and `direction` (asc default) of comment listings.
    private func sorted<T>(
        _ items: [T], _ query: [String: String], created: KeyPath<T, Date>, updated: KeyPath<T, Date>,
        id: KeyPath<T, Int64>
    ) -> [T] {
        let key = query["sort"] == "updated" ? updated : created
        let descending = query["direction"] == "desc"
        return items.sorted {
            let (a, b) = ($0[keyPath: key], $1[keyPath: key])
            if a != b { return descending ? a > b : a < b }
            return descending ? $0[keyPath: id] > $1[keyPath: id] : $0[keyPath: id] < $1[keyPath: id]
        }
    }

    private func list<T>(_ items: [T], _ request: SimulatorRequest, _ shape: (T) -> any Encodable) -> Answer {
        let (page, link) = Pagination(query: request.query).apply(items, request: request)
        return Answer(status: 200, body: EncodableList(items: page.map(shape)), link: link)
    }

    private func organizationID(_ login: String) -> Int64 {
        organizationIDs[login.lowercased()] ?? 9_000 + Int64(login.count)
    }
}

/// A JSON array of heterogeneous encodables.
struct EncodableList: Encodable {
    let items: [any Encodable]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for item in items { try container.encode(item) }
    }
}

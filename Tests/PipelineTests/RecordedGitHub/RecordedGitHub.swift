import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A replay of api.github.com for tests: the URLs ghstats asks answered from real recorded traffic. A resource that
/// was recorded is served verbatim (bytes and headers as recorded, templates filled, `Link` URLs pointed here); a
/// listing that was not recorded as such is assembled from recorded objects (their bytes unmodified), filtered by
/// `since`/`until` and paginated by `per_page`/`page` with a `Link` header as GitHub does.
final class RecordedGitHub: @unchecked Sendable {
    /// A request as it arrived, and what it was answered.
    struct Served: Sendable {
        let at: ContinuousClock.Instant
        let method: String
        let url: String
        let status: Int
    }

    let repositories: [RecordedRepository]
    /// `""` for api.github.com, `/api/v3` for GitHub Enterprise.
    let prefix: String
    let graphQL: RecordedGraphQL
    private let rateLimit: RecordedMapping
    private let user: RecordedMapping
    /// `GET /orgs/hub4j-test-org` as recorded.
    private let organization: RecordedMapping
    private let lock = NSLock()
    private var failures: [String: [RecordedMapping]]
    private var log: [Served] = []

    /// - Parameters:
    ///   - rateLimit: the answer to `GET /rate_limit` (a recorded 200, or Enterprise's 404).
    ///   - failures: recorded error answers served, in turn, to the first requests of a path (`/orgs/o/repos`)
    ///     before the path is answered; their `Retry-After` and `X-RateLimit-Reset` are moved to a few seconds from
    ///     the moment they are served.
    init(
        repositories: [RecordedRepository], prefix: String = "", rateLimit: RecordedMapping, user: RecordedMapping,
        organization: RecordedMapping, failures: [String: [RecordedMapping]] = [:]
    ) {
        self.organization = organization
        self.repositories = repositories
        self.prefix = prefix
        self.rateLimit = rateLimit
        self.user = user
        self.failures = failures
        self.graphQL = RecordedGraphQL(repositories: repositories)
    }

    /// The organisations of `load()` with api.github.com's recorded `/rate_limit` and `/user`.
    static func standard(
        prefix: String = "", rateLimit: RecordedMapping? = nil, failures: [String: [RecordedMapping]] = [:]
    )
        throws -> RecordedGitHub
    {
        RecordedGitHub(
            repositories: try RecordedOrganizations.load(), prefix: prefix,
            rateLimit: try rateLimit
                ?? RecordedOrganizations.mapping("GHRateLimitTest/testGitHubRateLimit", "rate_limit-5.json"),
            user: try RecordedOrganizations.mapping("GHPullRequestTest/checkNonExistentAuthor", "1-user.json"),
            organization: try RecordedOrganizations.organization(), failures: failures)
    }

    /// Every request so far.
    var served: [Served] { lock.withLock { log } }

    /// Serves while `body` runs; `body` receives the API root (`http://127.0.0.1:P` plus the prefix).
    func withRunning<T: Sendable>(_ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
        let prefix = prefix
        return try await TestHTTPServer.withService(
            { onListening in
                Application(
                    responder: CallbackResponder<BasicRequestContext> { request, _ in try await self.respond(request) },
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onListening($0.localAddress?.port ?? 0) }, logger: .quiet)
            }, { root in try await body(root + prefix) })
    }

    private func respond(_ request: Request) async throws -> Response {
        let base = "http://\(request.head.authority ?? "127.0.0.1")\(prefix)"
        let url = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        let response: Response
        if request.uri.path.hasPrefix(prefix) {
            let path = String(request.uri.path.dropFirst(prefix.count))
            if request.method == .post, path == "/graphql" {
                let body = try await request.body.collect(upTo: 1 << 20)
                response = Self.bytes(await graphQL.answer(Array(buffer: body)), status: 200, headers: [])
            } else if let failure = takeFailure(path) {
                response = Self.bytes(
                    failure.body, status: failure.status, headers: Self.shortWaits(failure.servedHeaders()))
            } else {
                response = answer(
                    path: path, query: Self.query(request.uri.query), url: url, base: base, request: request)
            }
        } else {
            response = Self.notFound
        }
        lock.withLock {
            log.append(Served(at: .now, method: "\(request.method)", url: url, status: Int(response.status.code)))
        }
        return response
    }

    private func takeFailure(_ path: String) -> RecordedMapping? {
        lock.withLock {
            guard var queue = failures[path], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            failures[path] = queue
            return first
        }
    }

    private func answer(path: String, query: [String: String], url: String, base: String, request: Request) -> Response
    {
        let segments = path.split(separator: "/").map(String.init)
        func repository(_ owner: String, _ name: String) -> RecordedRepository? {
            repositories.first {
                $0.owner.lowercased() == owner.lowercased() && $0.name.lowercased() == name.lowercased()
            }
        }
        switch segments.count {
        case 1 where segments[0] == "rate_limit": return verbatim(rateLimit, base: base, request: request)
        case 1 where segments[0] == "user": return verbatim(user, base: base, request: request)
        case 2 where segments[0] == "orgs":
            // The start check: the recorded organisation, or an owner the replay lists repositories of, answered with
            // the `owner` object recorded in its repository (GitHub would answer 404 for a user account).
            if segments[1].lowercased() == "hub4j-test-org" {
                return verbatim(organization, base: base, request: request)
            }
            guard let owned = repositories.first(where: { $0.owner.lowercased() == segments[1].lowercased() }),
                let body = try? JSONSerialization.jsonObject(with: Data(owned.body.bytes)) as? [String: Any],
                let owner = body["owner"], let bytes = try? JSONSerialization.data(withJSONObject: owner)
            else { return Self.notFound }
            return Self.bytes(Array(bytes), status: 200, headers: [])
        case 3 where segments[0] == "orgs" && segments[2] == "repos":
            let owned = repositories.filter { $0.owner.lowercased() == segments[1].lowercased() }
            return page(owned.map(\.body.bytes), query: query, path: path, base: base)
        case 3 where segments[0] == "repositories" && segments[2] == "commits":
            // A later page of a recorded commit listing, asked by its recorded `Link` URL.
            for repository in repositories {
                if let recorded = repository.commitPages.first(where: {
                    $0.url == url.dropFirst(prefix.count).description
                }) {
                    return verbatim(recorded, base: base, request: request)
                }
            }
            return Self.notFound
        default: break
        }
        guard segments.count >= 4, segments[0] == "repos", let repository = repository(segments[1], segments[2]) else {
            return Self.notFound
        }
        let rest = Array(segments.dropFirst(3))
        switch rest {
        case ["pulls"]:
            return page(repository.pullsByUpdate.map(\.bytes), query: query, path: path, base: base)
        case ["pulls", "comments"]:
            return page(
                Self.window(repository.reviewComments, "updated_at", query), query: query, path: path, base: base)
        case ["issues", "comments"]:
            return page(
                Self.window(repository.issueComments, "updated_at", query), query: query, path: path, base: base)
        case ["commits"]:
            let commits = repository.commits
            let inWindow = Self.window(commits, "commit.committer.date", query)
            if let first = repository.commitPages.first, inWindow.count == commits.count {
                return verbatim(first, base: base, request: request)
            }
            return page(inWindow, query: query, path: path, base: base)
        default:
            guard rest.count >= 2, rest[0] == "pulls", let number = Int(rest[1]) else { return Self.notFound }
            if rest.count == 2, let pull = repository.pulls[number] {
                guard let mapping = pull.mapping else { return Self.bytes(pull.bytes, status: 200, headers: []) }
                return verbatim(mapping, base: base, request: request, status: 200)
            }
            if rest.count == 3, rest[2] == "reviews", repository.pulls[number] != nil {
                if let listing = repository.reviewListings[number] {
                    return verbatim(listing, base: base, request: request)
                }
                return page([], query: query, path: path, base: base)
            }
            return Self.notFound
        }
    }

    /// A recorded answer as recorded: 304 when the client sends back its `ETag`.
    private func verbatim(_ mapping: RecordedMapping, base: String, request: Request, status: Int? = nil) -> Response {
        let headers = mapping.servedHeaders().map { header in
            header.name.lowercased() == "link"
                ? RecordedMapping.Header(
                    name: header.name,
                    value: header.value.replacingOccurrences(of: "https://api.github.com", with: base))
                : header
        }
        let etag = headers.first { $0.name.lowercased() == "etag" }?.value
        if let etag, request.headers[.ifNoneMatch] == etag {
            return Self.bytes([], status: 304, headers: headers)
        }
        return Self.bytes(mapping.body, status: status ?? mapping.status, headers: headers)
    }

    /// A page of an assembled listing, with GitHub's `Link` header.
    private func page(_ items: [[UInt8]], query: [String: String], path: String, base: String) -> Response {
        let perPage = min(max(Int(query["per_page"] ?? "") ?? 30, 1), 100)
        let pageNumber = max(Int(query["page"] ?? "") ?? 1, 1)
        let lastPage = max(1, (items.count + perPage - 1) / perPage)
        let start = min((pageNumber - 1) * perPage, items.count)
        let slice = Array(items[start..<min(start + perPage, items.count)])
        func link(_ number: Int, _ rel: String) -> String {
            var components = URLComponents()
            components.queryItems = query.merging(["page": String(number)]) { $1 }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) }
            return "<\(base)\(path)?\(components.percentEncodedQuery ?? "")>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if pageNumber < lastPage { links += [link(pageNumber + 1, "next"), link(lastPage, "last")] }
        if pageNumber > 1 { links += [link(1, "first"), link(pageNumber - 1, "prev")] }
        var headers = [RecordedMapping.Header(name: "Content-Type", value: "application/json; charset=utf-8")]
        if !links.isEmpty { headers.append(.init(name: "Link", value: links.joined(separator: ", "))) }
        return Self.bytes(RawJSONArray.join(slice), status: 200, headers: headers)
    }

    /// The objects inside the window `since`/`until` name (by the timestamp at `field`), oldest first, as GitHub
    /// lists comments with `sort=updated&direction=asc`.
    static func window(_ objects: [RecordedObject], _ field: String, _ query: [String: String]) -> [[UInt8]] {
        let since = query["since"].flatMap(RecordedObject.parseDate)
        let until = query["until"].flatMap(RecordedObject.parseDate)
        return objects.filter { object in
            guard let date = object.date(field) else { return false }
            return (since.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
        }
        .sorted { ($0.date(field) ?? .distantPast) < ($1.date(field) ?? .distantPast) }
        .map(\.bytes)
    }

    /// A recorded failure's waits moved to a few seconds from now: `Retry-After` (seconds or an HTTP date) and
    /// `X-RateLimit-Reset`; the rest of the headers as recorded.
    static func shortWaits(_ headers: [RecordedMapping.Header], seconds: Int = 3) -> [RecordedMapping.Header] {
        let until = Date().addingTimeInterval(TimeInterval(seconds))
        return headers.map { header in
            switch header.name.lowercased() {
            case "retry-after":
                let value = Int(header.value) != nil ? String(seconds) : RecordedTemplate.httpDate(until)
                return .init(name: header.name, value: value)
            case "x-ratelimit-reset":
                return .init(name: header.name, value: String(Int(until.timeIntervalSince1970)))
            default:
                return header
            }
        }
    }

    static func query(_ text: String?) -> [String: String] {
        var components = URLComponents()
        components.percentEncodedQuery = text
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        return query
    }

    static var notFound: Response {
        bytes(
            Array(#"{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}"#.utf8), status: 404,
            headers: [])
    }

    static func bytes(_ body: [UInt8], status: Int, headers: [RecordedMapping.Header]) -> Response {
        var fields = HTTPFields()
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        if fields[.contentType] == nil { fields[.contentType] = "application/json; charset=utf-8" }
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

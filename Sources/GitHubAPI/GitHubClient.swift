import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A client of GitHub's REST API: authenticated GETs, JSON decoding, errors classified for retry.
public struct GitHubClient: Sendable {
    public let configuration: GitHubClientConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    /// Conditional requests: pages sent again with their `etag`, answered 304 (free) when unchanged.
    let cache: ResponseCache?
    /// The tokens requests are spread over, by account budget.
    public let tokens: TokenPool
    /// Keeps requests under GitHub's secondary limits (points per minute per account, requests in flight).
    public let pacer: RequestPacer

    public init(
        configuration: GitHubClientConfiguration, httpClient: HTTPClient = .shared, cache: ResponseCache? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.cache = cache
        self.logger = logger
        self.tokens = TokenPool(tokens: configuration.tokens)
        self.pacer = RequestPacer(configuration: configuration.pacing)
    }

    /// Checks every token with `GET /rate_limit` (free): a rejected token fails here, before any task runs.
    /// Returns each token's core budget; nil on a GitHub Enterprise server without rate limits, which answers
    /// `/rate_limit` with 404 (the token is then checked with `GET /user`).
    public func checkTokens() async throws(GitHubAPIError) -> [RateLimitStatus?] {
        struct Overview: Decodable, Sendable {}
        struct User: Decodable, Sendable { let login: String }
        var budgets: [RateLimitStatus?] = []
        for token in tokens.tokens {
            do {
                let response = try await get(endpoints.rateLimit, as: Overview.self, token: token)
                budgets.append(response.rateLimit)
            } catch  where error.code == .notFound {
                _ = try await get(endpoints.authenticatedUser, as: User.self, token: token)
                budgets.append(nil)
            }
        }
        return budgets
    }

    /// Asks GitHub which account each token belongs to (`GET /user`), so tokens of one account share a budget.
    public func discoverAccounts() async {
        struct User: Decodable, Sendable { let login: String }
        for token in tokens.tokens {
            if let user = try? await get(endpoints.authenticatedUser, as: User.self, token: token) {
                tokens.setAccount(user.body.login, for: token)
            }
        }
    }

    /// The endpoints under this client's base URL.
    public var endpoints: GitHubEndpoints {
        GitHubEndpoints(baseURL: configuration.normalizedBaseURL, perPage: configuration.perPage)
    }

    /// GETs `url` (absolute, from `endpoints` or a `Link` header) and decodes its JSON body.
    public func get<Body: Decodable & Sendable>(
        _ url: String, as type: Body.Type
    ) async throws(GitHubAPIError)
        -> GitHubResponse<Body>
    {
        var attempts = max(1, tokens.tokens.count)
        while true {
            let token = tokens.next()
            let account = token.map(tokens.account(of:))
            let permit: RequestPacer.Permit
            do {
                permit = try await acquirePermit(
                    account: account, resource: .rest, points: 1, request: Self.describe(url))
            } catch {
                if let token { tokens.record(nil, for: token) }
                throw error
            }
            do {
                let response = try await get(url, as: type, token: token)
                permit.release()
                if let token {
                    tokens.record(response.rateLimit, for: token)
                } else if let rateLimit = response.rateLimit {
                    GitHubMetrics.recordRateLimit(rateLimit, account: "anonymous")
                }
                return response
            } catch {
                permit.release()
                if let token { tokens.record(error.rateLimit, for: token) }
                noteSecondaryLimit(error, account: account, resource: .rest)
                attempts -= 1
                // Another account may still have budget: use it at once rather than wait for this one's reset.
                guard error.code == .rateLimited, attempts > 0, tokens.waitUntilAnyReset() == nil else { throw error }
            }
        }
    }

    /// Waits until the pacer lets a request of `points` go out for `account` (nil: no token); the caller
    /// releases the permit once the answer has arrived. An account paused by a secondary limit for more than a
    /// second fails at once as `secondaryRateLimited` with the pause left as `retryAfter`.
    public func acquirePermit(
        account: String?, resource: RequestPacer.Resource, points: Int, request: String
    )
        async throws(GitHubAPIError) -> RequestPacer.Permit
    {
        let started = ContinuousClock.now
        do {
            let permit = try await pacer.acquire(account: account, resource: resource, points: points)
            let waited = ContinuousClock.now - started
            if waited > .seconds(1) {
                logger.debug(
                    "paced under GitHub's secondary rate limits",
                    metadata: ["gh.request": "\(request)", "gh.resource": "\(resource)", "gh.waited": "\(waited)"])
            }
            return permit
        } catch let paused as RequestPacer.Paused {
            throw GitHubAPIError(
                code: .secondaryRateLimited, request: request,
                message: "held back: the account answered a secondary rate limit", retryAfter: paused.remaining)
        } catch {
            throw GitHubAPIError(code: .transport, request: request, message: "cancelled while waiting to be paced")
        }
    }

    /// After a secondary-limit answer, holds the account's other requests to `resource` back as long as GitHub asked.
    public func noteSecondaryLimit(_ error: GitHubAPIError, account: String?, resource: RequestPacer.Resource) {
        guard error.code == .secondaryRateLimited, error.status != nil, let wait = error.retryAfter else { return }
        pacer.pause(account: account, resource: resource, for: wait)
        logger.notice(
            "GitHub answered a secondary rate limit; holding the account's requests back",
            metadata: ["gh.request": "\(error.request)", "http.status": "\(error.status ?? 0)", "gh.wait": "\(wait)"])
    }

    func get<Body: Decodable & Sendable>(
        _ url: String, as type: Body.Type, token: GitHubToken?
    )
        async throws(GitHubAPIError) -> GitHubResponse<Body>
    {
        let described = Self.describe(url)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "X-GitHub-Api-Version", value: configuration.apiVersion)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token.secret)")
        }
        let cached = await cache?.lookup(url)
        if let etag = cached?.etag {
            request.headers.add(name: "If-None-Match", value: etag)
        } else if let lastModified = cached?.lastModified {
            request.headers.add(name: "If-Modified-Since", value: lastModified)
        }
        let response: HTTPClientResponse
        var body: ByteBuffer
        let started = ContinuousClock.now
        do {
            let timeout = TimeAmount(configuration.requestTimeout)
            response = try await httpClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            GitHubMetrics.recordRequest(
                url: url, status: GitHubMetrics.statusClass(nil), duration: ContinuousClock.now - started)
            throw GitHubAPIError(code: .transport, request: described, message: Self.describeTransport(error))
        }
        GitHubMetrics.recordRequest(
            url: url, status: GitHubMetrics.statusClass(Int(response.status.code)),
            duration: ContinuousClock.now - started)
        let headers = response.headers
        let rateLimit = RateLimitStatus { headers.first(name: $0) }
        var status = Int(response.status.code)
        var link = headers.first(name: "link")
        if status == 304, let cached {
            body = ByteBuffer(bytes: cached.body)
            link = link ?? cached.link
            status = 200
        } else if status == 200, let cache,
            headers.first(name: "etag") != nil || headers.first(name: "last-modified") != nil
        {
            await cache.store(
                url,
                .init(
                    etag: headers.first(name: "etag"), lastModified: headers.first(name: "last-modified"), link: link,
                    body: Array(buffer: body)))
        }
        logger.debug(
            "GitHub response",
            metadata: [
                "gh.request": "\(described)", "http.status": "\(status)",
                "gh.ratelimit.remaining": "\(rateLimit?.remaining ?? -1)",
            ])
        guard (200..<300).contains(status) else {
            var error = Self.classify(
                status: status, headers: headers, body: body, rateLimit: rateLimit, request: described)
            error.rateLimit = rateLimit
            throw error
        }
        let decoded: Body
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            decoded = try decoder.decode(Body.self, from: body)
        } catch {
            throw GitHubAPIError(
                code: .malformedBody, request: described, status: status,
                message: "body of \(body.readableBytes) bytes is not the expected JSON: \(Self.describeDecoding(error))"
            )
        }
        return GitHubResponse(
            body: decoded, status: Int(response.status.code), links: LinkHeader(link), rateLimit: rateLimit,
            etag: headers.first(name: "etag"))
    }

    /// `GET /path?query` without scheme and host, for logs and errors.
    static func describe(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return "GET \(url)" }
        var text = "GET \(components.path)"
        if let query = components.percentEncodedQuery, !query.isEmpty { text += "?\(query)" }
        return text
    }

    static func describeTransport(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }

    static func describeDecoding(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context):
            return "data corrupted at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "null where \(type) expected at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty
            ? "top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func classify(
        status: Int, headers: HTTPHeaders, body: ByteBuffer, rateLimit: RateLimitStatus?, request: String
    ) -> GitHubAPIError {
        struct Message: Decodable { let message: String? }
        let githubMessage = (try? JSONDecoder().decode(Message.self, from: body))?.message
        let message = githubMessage ?? String(buffer: body).prefix(200).description
        let retryAfter = headers.first(name: "retry-after").flatMap { RetryAfter.parse($0) }
        switch status {
        case 403, 429:
            if rateLimit?.remaining == 0 {
                return GitHubAPIError(
                    code: .rateLimited, request: request, status: status, message: message,
                    retryAfter: retryAfter ?? RateLimitStatus.waitForReset(rateLimit))
            }
            if retryAfter != nil || message.localizedCaseInsensitiveContains("secondary rate limit")
                || message.localizedCaseInsensitiveContains("abuse detection") || status == 429
            {
                return GitHubAPIError(
                    code: .secondaryRateLimited, request: request, status: status, message: message,
                    retryAfter: retryAfter ?? .seconds(60))
            }
            return GitHubAPIError(code: .forbidden, request: request, status: status, message: message)
        case 401: return GitHubAPIError(code: .unauthorized, request: request, status: status, message: message)
        case 404: return GitHubAPIError(code: .notFound, request: request, status: status, message: message)
        case 409: return GitHubAPIError(code: .conflict, request: request, status: status, message: message)
        case 422: return GitHubAPIError(code: .unprocessable, request: request, status: status, message: message)
        case 451:
            return GitHubAPIError(code: .unavailableForLegalReasons, request: request, status: status, message: message)
        case 500...599:
            return GitHubAPIError(
                code: .serverError, request: request, status: status, message: message, retryAfter: retryAfter)
        default: return GitHubAPIError(code: .clientError, request: request, status: status, message: message)
        }
    }
}

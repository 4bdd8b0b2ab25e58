import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import ServiceLifecycle
import Synchronization

/// A real HTTP server that answers like GitHub's REST API over a seeded, simulated organisation:
/// pagination, per-account rate limits, conditional requests, and injected faults.
public final class GitHubSimulator: Sendable {
    public let configuration: SimulatorConfiguration
    private struct State {
        var routes: SimulatorRoutes
        var tickRandom: SeededRandom
        var nextID: Int64 = 900_000_000
    }
    private let state: Mutex<State>
    private let faults: Mutex<[FaultRule]>
    private let requests = Atomic<Int>(0)
    private let notModified = Atomic<Int>(0)
    private let rateLimited = Atomic<Int>(0)
    private let pullRequestRequests = Atomic<Int>(0)
    private let graphQLPoints = Atomic<Int>(0)
    private let graphQLRequests = Atomic<Int>(0)
    let rateLimiter: RateLimiter
    let secondaryLimiter: SecondaryRateLimiter?

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        let organizations = configuration.organizations.enumerated().map {
            SimulatedOrganization(login: $0.element, configuration: configuration, organizationIndex: $0.offset)
        }
        let routes = SimulatorRoutes(
            organizations: organizations, now: configuration.now, repositoryIDLinks: configuration.repositoryIDLinks)
        self.state = Mutex(State(routes: routes, tickRandom: SeededRandom(seed: configuration.seed, label: "tick")))
        self.faults = Mutex(configuration.faults)
        self.rateLimiter = RateLimiter(configuration: configuration.rateLimit)
        self.secondaryLimiter = configuration.secondaryLimits.map(SecondaryRateLimiter.init)
    }

    /// The organisations as they are now (ticks change them).
    public var organizations: [SimulatedOrganization] { state.withLock { $0.routes.ordered } }

    /// The counts a complete collection of the window starting at `since` must hold.
    public func expectedCounts(since: Date?) -> SimulatedCounts {
        SimulatedCounts(organizations: organizations, since: since)
    }

    /// Requests answered so far (every status, 304 included).
    public var requestCount: Int { requests.load(ordering: .relaxed) }
    /// Requests answered 304 Not Modified so far.
    public var notModifiedCount: Int { notModified.load(ordering: .relaxed) }
    /// REST requests for pull request listings, details and reviews (what GraphQL replaces).
    public var pullRequestRequestCount: Int { pullRequestRequests.load(ordering: .relaxed) }
    /// GraphQL points spent, all accounts together.
    public var graphQLPointsSpent: Int { graphQLPoints.load(ordering: .relaxed) }
    /// GraphQL queries answered (each counted in `requestCount` too).
    public var graphQLRequestCount: Int { graphQLRequests.load(ordering: .relaxed) }
    /// Requests refused because the account's primary limit was exhausted.
    public var rateLimitedCount: Int { rateLimited.load(ordering: .relaxed) }

    /// Requests refused by the secondary limits so far, and the peak of requests in flight (zeros when off).
    public var secondaryLimitCounts: SecondaryLimitCounts { secondaryLimiter?.counts ?? SecondaryLimitCounts() }

    /// Adds a fault while running.
    public func inject(_ rule: FaultRule) {
        faults.withLock { $0.append(rule) }
    }

    /// Moves the organisation on: `changes` pull requests get a new comment at `date` (their `updated_at` moves).
    public func tick(changes: Int = 5, at date: Date = Date()) {
        state.withLock { state in
            var organizations = state.routes.ordered
            for index in organizations.indices {
                organizations[index].tick(changes: changes, at: date, random: &state.tickRandom, nextID: &state.nextID)
            }
            state.routes = SimulatorRoutes(
                organizations: organizations, now: max(state.routes.now, date),
                repositoryIDLinks: configuration.repositoryIDLinks)
        }
    }

    /// The HTTP application; a `Service` that `onListening` tells the bound port.
    func makeApplication(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) -> some Service {
        let responder = CallbackResponder<SimulatorRequestContext> { request, context in
            try await self.respond(to: request, context: context)
        }
        return Application(
            responder: responder,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ghstats-simulator"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM/SIGINT or cancellation; `onListening` receives the bound port.
    public func run(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [makeApplication(logger: logger, onListening: onListening)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Starts the server, runs `body` with its base URL, and shuts the server down gracefully when `body` returns.
    public func withRunning<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (_ baseURL: String) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(
                services: [makeApplication(logger: logger) { port in continuation.yield(port) }], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body("http://\(configuration.host):\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// The account a request's token belongs to; nil without a token. Throws 401 for an unknown token.
    private func account(of request: Request) -> (account: String?, known: Bool) {
        guard let header = request.headers[.authorization] else { return (nil, true) }
        let token = header.split(separator: " ", maxSplits: 1).last.map(String.init) ?? header
        if configuration.tokens.isEmpty { return ("token-\(SimulatorETag.hash(Array(token.utf8)).prefix(8))", true) }
        guard let account = configuration.tokens[token] else { return (nil, false) }
        return (account, true)
    }

    func respond(to request: Request, context: SimulatorRequestContext) async throws -> Response {
        requests.add(1, ordering: .relaxed)
        var simulated = SimulatorRequest(
            path: request.uri.path, query: request.uri.query, host: request.head.authority ?? configuration.host)
        if simulated.segments.first == "_simulator" {
            return try control(request, simulated)
        }
        if simulated.segments.count == 2, simulated.segments[0] == "gharchive" {
            let response = ghArchiveFile(simulated.segments[1])
            // HEAD: the status and headers alone.
            return request.method == .head ? Response(status: response.status, headers: response.headers) : response
        }
        let (account, known) = account(of: request)
        guard known else {
            return try json(
                GitHubShapes.ErrorBody(
                    message: "Bad credentials", documentationUrl: "https://docs.github.com/rest", status: "401"),
                status: 401, headers: [:])
        }
        if simulated.segments == ["user"] {
            guard let account else {
                return try json(
                    GitHubShapes.ErrorBody(
                        message: "Requires authentication", documentationUrl: "https://docs.github.com/rest",
                        status: "401"),
                    status: 401, headers: [:])
            }
            let id = Int64(UInt64(SimulatorETag.hash(Array(account.utf8)).prefix(5), radix: 16) ?? 1)
            return try json(
                GitHubShapes.User(SimulatedUser(login: account, id: id, type: "User"), api: simulated.apiRoot),
                status: 200, headers: rateLimitHeaders(rateLimiter.peek(account: account, resource: "core")))
        }
        if simulated.segments == ["rate_limit"] {
            // GitHub does not count this call against the limit.
            return try json(
                RateLimitBody.current(rateLimiter, account: account), status: 200,
                headers: rateLimitHeaders(rateLimiter.peek(account: account, resource: "core")))
        }
        let isGraphQL = simulated.segments == ["graphql"] || simulated.segments == ["api", "graphql"]
        if let refusal = secondaryLimiter?.enter(account: account, graphQL: isGraphQL) {
            return try secondaryLimitAnswer(refusal, account: account, graphQL: isGraphQL)
        }
        defer { secondaryLimiter?.leave(account: account) }
        if isGraphQL {
            let body = try await request.body.collect(upTo: 1 << 20)
            let routes = state.withLock { $0.routes }
            let endpoint = GraphQLEndpoint(routes: routes, rateLimiter: rateLimiter)
            if let fault = takeFault(for: "/graphql") {
                let limit = rateLimiter.peek(account: account, resource: "graphql")
                if let reply = try await endpoint.fault(fault.kind, body: Data(buffer: body), account: account) {
                    return respond(reply.body, status: reply.status, headers: rateLimitHeaders(limit))
                }
                if let response = try await apply(fault, &simulated, context: context, limit: limit) { return response }
            }
            let reply = try await endpoint.answer(body: Data(buffer: body), account: account)
            graphQLPoints.add(reply.cost, ordering: .relaxed)
            graphQLRequests.add(1, ordering: .relaxed)
            return respond(reply.body, status: reply.status, headers: reply.rate.map(rateLimitHeaders) ?? [:])
        }
        let segments = simulated.segments
        if segments.count >= 4, segments[0] == "repos" || segments[0] == "repositories", segments.contains("pulls"),
            !segments.contains("comments")
        {
            pullRequestRequests.add(1, ordering: .relaxed)
        }
        var limit = rateLimiter.peek(account: account, resource: "core")
        if limit.remaining == 0 {
            rateLimited.add(1, ordering: .relaxed)
            let message =
                account == nil
                ? "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit.)"
                : "API rate limit exceeded for user ID \(abs(account!.hashValue % 100_000))."
            return try json(
                GitHubShapes.ErrorBody(
                    message: message,
                    documentationUrl: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                    status: "\(configuration.rateLimit.exhaustedStatus)"),
                status: configuration.rateLimit.exhaustedStatus, headers: rateLimitHeaders(limit))
        }
        if let fault = takeFault(for: simulated.path) {
            if let response = try await apply(fault, &simulated, context: context, limit: limit) { return response }
        }
        let answer = state.withLock { $0.routes }.answer(&simulated)
        let body = try GitHubShapes.makeEncoder().encode(answer.body)
        let etag = "W/\"\(SimulatorETag.hash(Array(body)))\""
        if answer.status == 200, let sent = request.headers[.ifNoneMatch], SimulatorETag.matches(sent, etag) {
            notModified.add(1, ordering: .relaxed)
            var headers = rateLimitHeaders(limit)
            headers[.eTag] = etag
            return Response(status: .notModified, headers: headers)
        }
        limit = rateLimiter.take(account: account, resource: "core", cost: 1)
        var headers = rateLimitHeaders(limit)
        if answer.status == 200 { headers[.eTag] = etag }
        if let link = answer.link { headers[HTTPField.Name("link")!] = link }
        return respond(body, status: answer.status, headers: headers)
    }

    /// `GET /gharchive/YYYY-MM-DD-H.json.gz`: a file of the configured GH Archive folder, as data.gharchive.org
    /// serves it (404 for an hour it does not have).
    private func ghArchiveFile(_ name: String) -> Response {
        guard let folder = configuration.ghArchiveDirectory, !name.contains("/"), !name.hasPrefix("."),
            let data = FileManager.default.contents(atPath: folder + "/" + name)
        else {
            return Response(status: .notFound)
        }
        return respond(data, status: 200, headers: [.contentType: "application/gzip"])
    }

    /// Answers a fault, or returns nil to answer normally (after a delay).
    private func apply(
        _ fault: FaultRule, _ simulated: inout SimulatorRequest, context: SimulatorRequestContext,
        limit: RateLimiter.Status
    ) async throws -> Response? {
        let headers = rateLimitHeaders(limit)
        switch fault.kind.value {
        case .status(let code):
            let messages = [404: "Not Found", 409: "Git Repository is empty.", 451: "Repository access blocked"]
            return try json(
                GitHubShapes.ErrorBody(
                    message: code >= 500 ? "Server Error" : messages[code] ?? "Simulated \(code)",
                    documentationUrl: "https://docs.github.com/rest", status: "\(code)"),
                status: code, headers: headers)
        case .malformedBody:
            return respond(Data("{\"id\": 1, \"number\": oops<html>".utf8), status: 200, headers: headers)
        case .truncatedBody:
            let answer = state.withLock { $0.routes }.answer(&simulated)
            let data = try GitHubShapes.makeEncoder().encode(answer.body)
            return respond(data.prefix(data.count / 2), status: 200, headers: headers)
        case .delay(let duration):
            try await Task.sleep(for: duration)
            return nil
        case .connectionReset:
            try? await context.channel.close()
            throw CancellationError()
        case .graphQLTimeout, .graphQLNotFound:
            return nil
        case .secondaryRateLimit(let seconds):
            var headers = headers
            headers[HTTPField.Name("retry-after")!] = String(seconds)
            return try json(
                GitHubShapes.ErrorBody(
                    message:
                        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    documentationUrl:
                        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                    status: "403"),
                status: 403, headers: headers)
        }
    }

    /// GitHub's answer to a request over a secondary limit: 403 or 429, with `Retry-After` or without.
    private func secondaryLimitAnswer(
        _ refusal: SecondaryRateLimiter.Refusal, account: String?, graphQL: Bool
    ) throws
        -> Response
    {
        let requestID = String(
            format: "%04X:%04X:%06X", UInt32.random(in: 0...0xFFFF), UInt32.random(in: 0...0xFFFF),
            UInt32.random(in: 0...0xFFFFFF))
        var headers = rateLimitHeaders(rateLimiter.peek(account: account, resource: graphQL ? "graphql" : "core"))
        headers[HTTPField.Name("x-github-request-id")!] = requestID
        if let seconds = refusal.retryAfter { headers[HTTPField.Name("retry-after")!] = String(seconds) }
        return try json(
            GitHubShapes.ErrorBody(
                message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                    + "If you reach out to GitHub Support for help, please include the request ID \(requestID).",
                documentationUrl:
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                status: "\(refusal.status)"),
            status: refusal.status, headers: headers)
    }

    /// `/_simulator/...`: not GitHub's; lets tests and scripts read counts and move the organisation on.
    private func control(_ request: Request, _ simulated: SimulatorRequest) throws -> Response {
        if simulated.segments == ["_simulator", "secondary-limits"] {
            return try json(secondaryLimitCounts, status: 200, headers: [:])
        }
        if simulated.segments == ["_simulator", "tick"], request.method == .post {
            tick(changes: Int(simulated.query["changes"] ?? "") ?? 5)
            return try json(expectedCounts(since: nil), status: 200, headers: [:])
        }
        var copy = simulated
        let answer = state.withLock { $0.routes }.answer(&copy)
        return try json(answer.body, status: answer.status, headers: [:])
    }

    private func takeFault(for path: String) -> FaultRule? {
        faults.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.matches(path) && ($0.times ?? 1) > 0 }) else { return nil }
            let rule = rules[index]
            if let times = rule.times { rules[index].times = times - 1 }
            return rule
        }
    }

    private func rateLimitHeaders(_ status: RateLimiter.Status) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("x-ratelimit-limit")!] = String(status.limit)
        headers[HTTPField.Name("x-ratelimit-remaining")!] = String(status.remaining)
        headers[HTTPField.Name("x-ratelimit-used")!] = String(status.used)
        headers[HTTPField.Name("x-ratelimit-reset")!] = String(Int(status.reset.timeIntervalSince1970.rounded(.up)))
        headers[HTTPField.Name("x-ratelimit-resource")!] = status.resource
        headers[HTTPField.Name("x-github-api-version-selected")!] = "2022-11-28"
        return headers
    }

    private func json(_ body: any Encodable, status: Int, headers: HTTPFields) throws -> Response {
        respond(try GitHubShapes.makeEncoder().encode(body), status: status, headers: headers)
    }

    private func respond(_ body: Data, status: Int, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

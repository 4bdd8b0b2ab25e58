import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// GitHub's GraphQL API: one POST per query, its `rateLimit` points budget, errors classified like REST ones.
extension GitHubClient {
    struct GraphQLRequest: Encodable {
        let query: String
        let variables: [String: GraphQLVariable]
    }

    /// An answer read for its `errors` alone.
    struct GraphQLErrorsOnly: Decodable, Sendable {
        let errors: [GraphQLFailure]?
    }

    struct GraphQLEnvelope<Data: Decodable & Sendable>: Decodable, Sendable {
        let data: Data?
        let errors: [GraphQLFailure]?
    }

    /// The GraphQL endpoint: `https://api.github.com/graphql`, or `https://HOST/api/graphql` for GitHub Enterprise.
    public var graphQLURL: String {
        let base = configuration.normalizedBaseURL
        if base.hasSuffix("/api/v3") { return String(base.dropLast(3)) + "graphql" }
        return base + "/graphql"
    }

    /// Runs `query` with string `variables` and decodes its `data`.
    public func graphQL<Result: Decodable & Sendable>(
        _ query: String, variables: [String: String], as type: Result.Type
    ) async throws(GitHubAPIError) -> GitHubResponse<Result> {
        try await graphQL(query, typedVariables: variables.mapValues { .string($0) }, as: type)
    }

    /// Runs `query` with `variables` and decodes its `data`. An answer with `errors` throws, classified by
    /// `GraphQLFailure` (timeouts retriable, `NOT_FOUND` not found, rejected queries permanent with GitHub's message).
    /// Paced under GitHub's secondary limit for GraphQL, where a query counts one point.
    public func graphQL<Result: Decodable & Sendable>(
        _ query: String, typedVariables variables: [String: GraphQLVariable], as type: Result.Type
    ) async throws(GitHubAPIError) -> GitHubResponse<Result> {
        let token = tokens.next()
        let account = token.map(tokens.account(of:))
        let permit = try await acquirePermit(account: account, resource: .graphQL, points: 1, request: "POST /graphql")
        do {
            let response = try await send(query, variables: variables, as: type, token: token)
            permit.release()
            return response
        } catch {
            permit.release()
            noteSecondaryLimit(error, account: account, resource: .graphQL)
            throw error
        }
    }

    private func send<Result: Decodable & Sendable>(
        _ query: String, variables: [String: GraphQLVariable], as type: Result.Type, token: GitHubToken?
    ) async throws(GitHubAPIError) -> GitHubResponse<Result> {
        let described = "POST /graphql"
        var request = HTTPClientRequest(url: graphQLURL)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token.secret)") }
        let response: HTTPClientResponse
        let body: ByteBuffer
        let started = ContinuousClock.now
        do {
            request.body = .bytes(
                ByteBuffer(data: try JSONEncoder().encode(GraphQLRequest(query: query, variables: variables))))
            let timeout = TimeAmount(configuration.requestTimeout)
            response = try await httpClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            GitHubMetrics.recordRequest(
                url: graphQLURL, status: GitHubMetrics.statusClass(nil), duration: ContinuousClock.now - started)
            if let token { tokens.record(nil, for: token) }
            throw GitHubAPIError(code: .transport, request: described, message: Self.describeTransport(error))
        }
        GitHubMetrics.recordRequest(
            url: graphQLURL, status: GitHubMetrics.statusClass(Int(response.status.code)),
            duration: ContinuousClock.now - started)
        let headers = response.headers
        let rateLimit = RateLimitStatus { headers.first(name: $0) }
        if let token { tokens.record(rateLimit, for: token) }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            var error = Self.classify(
                status: status, headers: headers, body: body, rateLimit: rateLimit, request: described)
            error.rateLimit = rateLimit
            throw error
        }
        let envelope: GraphQLEnvelope<Result>
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            envelope = try decoder.decode(GraphQLEnvelope<Result>.self, from: body)
        } catch {
            // Partial data beside an error (a timeout half-way) may not decode: the error is what matters then.
            if let failure = (try? JSONDecoder().decode(GraphQLErrorsOnly.self, from: body))?.errors?.first {
                throw failure.error(request: described, status: status, rateLimit: rateLimit)
            }
            throw GitHubAPIError(
                code: .malformedBody, request: described, status: status,
                message:
                    "GraphQL body of \(body.readableBytes) bytes is not the expected JSON: \(Self.describeDecoding(error))"
            )
        }
        if let failure = envelope.errors?.first {
            throw failure.error(request: described, status: status, rateLimit: rateLimit)
        }
        guard let data = envelope.data else {
            throw GitHubAPIError(
                code: .malformedBody, request: described, status: status, message: "GraphQL answer has no data")
        }
        return GitHubResponse(body: data, status: status, links: LinkHeader(nil), rateLimit: rateLimit, etag: nil)
    }
}

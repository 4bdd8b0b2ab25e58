import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// GitHub's GraphQL API: one POST per query, its `rateLimit` points budget, errors classified like REST ones.
extension GitHubClient {
    struct GraphQLRequest: Encodable {
        let query: String
        let variables: [String: String]
    }

    struct GraphQLEnvelope<Data: Decodable & Sendable>: Decodable, Sendable {
        struct Failure: Decodable, Sendable {
            let type: String?
            let message: String
        }
        let data: Data?
        let errors: [Failure]?
    }

    /// The GraphQL endpoint: `https://api.github.com/graphql`, or `https://HOST/api/graphql` for GitHub Enterprise.
    public var graphQLURL: String {
        let base = configuration.normalizedBaseURL
        if base.hasSuffix("/api/v3") { return String(base.dropLast(3)) + "graphql" }
        return base + "/graphql"
    }

    /// Runs `query` with `variables` and decodes its `data`.
    public func graphQL<Result: Decodable & Sendable>(
        _ query: String, variables: [String: String], as type: Result.Type
    ) async throws(GitHubAPIError) -> GitHubResponse<Result> {
        let token = tokens.next()
        let described = "POST /graphql"
        var request = HTTPClientRequest(url: graphQLURL)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token.secret)") }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(GraphQLRequest(query: query, variables: variables))))
            let timeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeout.components.seconds) * 1_000_000_000)
            response = try await httpClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            if let token { tokens.record(nil, for: token) }
            throw GitHubAPIError(code: .transport, request: described, message: Self.describeTransport(error))
        }
        let headers = response.headers
        let rateLimit = RateLimitStatus { headers.first(name: $0) }
        if let token { tokens.record(rateLimit, for: token) }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            var error = Self.classify(status: status, headers: headers, body: body, rateLimit: rateLimit, request: described)
            error.rateLimit = rateLimit
            throw error
        }
        let envelope: GraphQLEnvelope<Result>
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            envelope = try decoder.decode(GraphQLEnvelope<Result>.self, from: body)
        } catch {
            throw GitHubAPIError(
                code: .malformedBody, request: described, status: status,
                message: "GraphQL body of \(body.readableBytes) bytes is not the expected JSON: \(Self.describeDecoding(error))")
        }
        if let failure = envelope.errors?.first {
            if failure.type == "RATE_LIMITED" {
                let wait = max(0, rateLimit?.reset.timeIntervalSinceNow ?? 60) + 1
                throw GitHubAPIError(
                    code: .rateLimited, request: described, status: status, message: failure.message,
                    retryAfter: .milliseconds(Int64(wait * 1000)))
            }
            throw GitHubAPIError(
                code: .unprocessable, request: described, status: status,
                message: "\(failure.type ?? "GraphQL error"): \(failure.message)")
        }
        guard let data = envelope.data else {
            throw GitHubAPIError(code: .malformedBody, request: described, status: status, message: "GraphQL answer has no data")
        }
        return GitHubResponse(body: data, status: status, links: LinkHeader(nil), rateLimit: rateLimit, etag: nil)
    }
}

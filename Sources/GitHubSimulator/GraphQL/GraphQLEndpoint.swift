import Foundation
import GraphQL

/// `POST /graphql`: GitHub's GraphQL API over the simulated organisation, with its cost rule and points budget.
struct GraphQLEndpoint {
    struct Body: Decodable {
        let query: String
        let variables: Map?
        let operationName: String?
    }

    struct ErrorBody: Encodable {
        struct Entry: Encodable {
            let type: String?
            let message: String
        }
        let errors: [Entry]
    }

    /// What to answer: a status, a body and the budget after the call.
    struct Reply {
        let status: Int
        let body: Data
        let rate: RateLimiter.Status?
        /// Points charged.
        var cost = 0
    }

    let routes: SimulatorRoutes
    let rateLimiter: RateLimiter

    func answer(body: Data, account: String?) async throws -> Reply {
        let encoder = JSONEncoder()
        func errors(
            _ type: String?, _ message: String, status: Int = 200, rate: RateLimiter.Status? = nil
        ) throws -> Reply {
            Reply(
                status: status, body: try encoder.encode(ErrorBody(errors: [.init(type: type, message: message)])),
                rate: rate)
        }
        guard let account else {
            return Reply(
                status: 401,
                body: Data(
                    #"{"message":"This endpoint requires you to be authenticated.","documentation_url":"https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"}"#
                        .utf8),
                rate: nil)
        }
        guard let request = try? JSONDecoder().decode(Body.self, from: body) else {
            return Reply(status: 400, body: Data(#"{"message":"Problems parsing JSON"}"#.utf8), rate: nil)
        }
        var variables: [String: Map] = [:]
        for (key, value) in request.variables?.dictionary ?? [:] { variables[key] = value }
        let document: Document
        do {
            document = try parse(source: request.query)
        } catch {
            return try errors("PARSE_ERROR", "\(error)")
        }
        let cost: GraphQLCost
        do {
            cost = try GraphQLCost(document: document, operationName: request.operationName, variables: variables)
        } catch let failure as GraphQLCost.Failure {
            return try errors(failure.type, failure.message)
        }
        let before = rateLimiter.peek(account: account, resource: "graphql")
        guard before.remaining >= cost.cost else {
            return try errors(
                "RATE_LIMITED",
                "API rate limit already exceeded for user ID \(abs(account.utf8.reduce(7) { $0 &* 31 &+ Int($1) }) % 100_000).",
                rate: before)
        }
        let rate = rateLimiter.take(account: account, resource: "graphql", cost: cost.cost)
        let context = GraphQLRequestContext(routes: routes, cost: cost.cost, nodeCount: cost.nodeCount, rate: rate)
        let result = try await graphql(
            schema: SimulatorGraphQLSchema.schema, request: request.query,
            rootValue: SimulatorGraphQLSchema.RootValue(),
            context: context, variableValues: variables, operationName: request.operationName)
        return Reply(status: 200, body: try GraphQLJSONEncoder().encode(result), rate: rate, cost: cost.cost)
    }
}

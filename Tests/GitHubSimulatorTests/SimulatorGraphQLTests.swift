import Foundation
import GitHubSimulator
import Logging
import TestSupport
import Testing

@Suite struct SimulatorGraphQLTests {
    static let pullsQuery = """
        query($owner: String!, $name: String!, $cursor: String) {
          rateLimit { cost remaining resetAt }
          repository(owner: $owner, name: $name) {
            pullRequests(first: 30, after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
              totalCount
              pageInfo { hasNextPage endCursor }
              nodes {
                number databaseId fullDatabaseId isDraft merged additions deletions changedFiles updatedAt
                author { login __typename }
                reviews(first: 50) { totalCount nodes { databaseId state author { login } comments(first: 20) { totalCount } } }
                comments(first: 50) { totalCount }
                commits { totalCount }
              }
            }
          }
        }
        """

    @Test func pullRequestsPageByCursorAndAgreeWithREST() async throws {
        let simulator = SimulatorBehaviourTests.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            var numbers: [Int64] = []
            var updated: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                var variables = ["owner": "acme", "name": "repo-02"]
                if let cursor { variables["cursor"] = cursor }
                let reply = try await client.graphQL(Self.pullsQuery, variables: variables)
                #expect(reply.status == 200)
                #expect(reply.headers["x-ratelimit-resource"] == "graphql")
                let connection = try #require(reply.json["data"]?["repository"]?["pullRequests"])
                #expect(connection["totalCount"] == .integer(75))
                guard case .array(let nodes)? = connection["nodes"] else {
                    Issue.record("no nodes")
                    return
                }
                for node in nodes {
                    guard case .integer(let number)? = node["number"] else { continue }
                    numbers.append(number)
                    updated.append(node["updatedAt"]?.stringValue ?? "")
                    if number % 20 == 3 {
                        let rest = try await client.get("/repos/acme/repo-02/pulls/\(number)").json
                        // 64-bit ids as GitHub sends them: `fullDatabaseId` a string, the 32-bit `databaseId` null.
                        guard case .integer(let id)? = rest["id"] else {
                            Issue.record("REST has no id")
                            continue
                        }
                        #expect(id > Int64(Int32.max))
                        #expect(node["fullDatabaseId"] == .string(String(id)))
                        #expect(node["databaseId"] == .null)
                        #expect(node["comments"]?["totalCount"] == rest["comments"])
                        #expect(node["commits"]?["totalCount"] == rest["commits"])
                        #expect(node["additions"] == rest["additions"])
                        let reviews = try await client.get("/repos/acme/repo-02/pulls/\(number)/reviews?per_page=100")
                        #expect(node["reviews"]?["totalCount"] == .integer(Int64(reviews.array.count)))
                    }
                }
                pages += 1
                cursor =
                    connection["pageInfo"]?["hasNextPage"] == .bool(true)
                    ? connection["pageInfo"]?["endCursor"]?.stringValue : nil
            } while cursor != nil
            #expect(pages == 3)
            #expect(Set(numbers).count == 75)
            #expect(updated == updated.sorted(by: >), "orderBy UPDATED_AT DESC")
        }
    }

    @Test func costFollowsGitHubsRuleAndLimitsAreEnforced() async throws {
        let simulator = SimulatorBehaviourTests.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            // 1 request for the pull requests, 100 for their reviews, 100 x 50 for the reviews' comments: 5,101 -> 51.
            let costly = """
                { rateLimit { cost remaining }
                  repository(owner: "acme", name: "repo-01") { pullRequests(first: 100) { nodes {
                    reviews(first: 50) { nodes { comments(first: 10) { nodes { body } } } } } } } }
                """
            let first = try await client.graphQL(costly)
            #expect(first.json["data"]?["rateLimit"]?["cost"] == .integer(51))
            #expect(first.json["data"]?["rateLimit"]?["remaining"] == .integer(5_000 - 51))
            let cheap = try await client.graphQL("{ rateLimit { cost remaining } }")
            #expect(cheap.json["data"]?["rateLimit"]?["cost"] == .integer(1))
            #expect(cheap.headers["x-ratelimit-remaining"] == "\(5_000 - 52)")

            let missing = try await client.graphQL(
                #"{ organization(login: "acme") { repositories { nodes { name } } } }"#)
            #expect(missing.json["errors"]?.firstError?["type"] == .string("MISSING_PAGINATION_BOUNDARIES"))
            let excessive = try await client.graphQL(
                #"{ organization(login: "acme") { repositories(first: 101) { nodes { name } } } }"#)
            #expect(excessive.json["errors"]?.firstError?["type"] == .string("EXCESSIVE_PAGINATION"))
            let huge = try await client.graphQL(
                #"{ organization(login: "acme") { repositories(first: 100) { nodes { pullRequests(first: 100) { nodes { reviews(first: 100) { nodes { comments(first: 100) { totalCount } } } } } } } } }"#
            )
            #expect(huge.json["errors"]?.firstError?["type"] == .string("MAX_NODE_LIMIT_EXCEEDED"))
            let anonymous = try await client.graphQL("{ rateLimit { cost } }", token: nil)
            #expect(anonymous.status == 401)
        }
    }

    @Test func anExhaustedPointsBudgetAnswersRateLimited() async throws {
        var configuration = SimulatorConfiguration()
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = 1
        configuration.pullRequestsPerRepository = 3
        configuration.rateLimit.graphQLLimit = 2
        let simulator = GitHubSimulator(configuration: configuration)
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            #expect(
                try await client.graphQL("{ rateLimit { remaining } }").json["data"]?["rateLimit"]?["remaining"]
                    == .integer(1))
            _ = try await client.graphQL("{ rateLimit { remaining } }")
            let refused = try await client.graphQL("{ rateLimit { remaining } }")
            #expect(refused.status == 200)
            #expect(refused.json["errors"]?.firstError?["type"] == .string("RATE_LIMITED"))
            #expect(refused.headers["x-ratelimit-remaining"] == "0")
            // REST keeps its own budget.
            #expect(try await client.get("/orgs/acme/repos", token: "gql-token").status == 200)
        }
    }

    @Test func botsAreTypedAsBots() async throws {
        let simulator = SimulatorBehaviourTests.simulator(prs: 60)
        let bot = try #require(
            simulator.organizations[0].repositories[0].pullRequests.first { $0.user.type == "Bot" })
        try await simulator.withRunning(logger: .quiet) { url in
            let reply = try await SimulatorClient(baseURL: url).graphQL(
                #"{ repository(owner: "acme", name: "repo-01") { pullRequest(number: \#(bot.number)) { author { login __typename } } } }"#
            )
            let author = reply.json["data"]?["repository"]?["pullRequest"]?["author"]
            #expect(author?["__typename"] == .string("Bot"))
            // GraphQL names a bot without REST's `[bot]` suffix.
            #expect(author?["login"] == .string(String(bot.user.login.dropLast("[bot]".count))))
            #expect(bot.user.login.hasSuffix("[bot]"))
        }
    }
}

extension JSONValue {
    var firstError: JSONValue? {
        if case .array(let items) = self { return items.first }
        return nil
    }
}

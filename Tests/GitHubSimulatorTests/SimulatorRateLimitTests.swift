import AsyncHTTPClient
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import NIOHTTP1
import TestSupport
import Testing

@Suite struct SimulatorRateLimitTests {
    static func simulator(
        limit: Int, window: Duration, status: Int = 403, tokens: [String: String] = [:]
    ) -> GitHubSimulator {
        var configuration = SimulatorConfiguration()
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = 2
        configuration.pullRequestsPerRepository = 10
        configuration.rateLimit = RateLimitConfiguration(limit: limit, window: window)
        configuration.rateLimit.exhaustedStatus = status
        configuration.tokens = tokens
        return GitHubSimulator(configuration: configuration)
    }

    @Test func theBudgetIsPerAccountAndExhaustionAnswersWithGitHubsMessage() async throws {
        let simulator = Self.simulator(
            limit: 5, window: .seconds(600), tokens: ["tok-a1": "alice", "tok-a2": "alice", "tok-b": "bob"])
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            var remaining: [String] = []
            for token in ["tok-a1", "tok-a2", "tok-a1", "tok-a2", "tok-a1"] {
                let reply = try await client.get("/repos/acme/repo-01/pulls", token: token)
                #expect(reply.status == 200)
                remaining.append(reply.headers["x-ratelimit-remaining"] ?? "?")
            }
            #expect(remaining == ["4", "3", "2", "1", "0"], "two tokens of one account share its budget")
            let exhausted = try await client.get("/repos/acme/repo-01/pulls", token: "tok-a2")
            #expect(exhausted.status == 403)
            #expect(exhausted.headers["x-ratelimit-remaining"] == "0")
            #expect(exhausted.json["message"]?.stringValue?.hasPrefix("API rate limit exceeded") == true)
            let reset = Int(exhausted.headers["x-ratelimit-reset"] ?? "") ?? 0
            #expect(reset > Int(Date().timeIntervalSince1970) + 500)
            #expect(exhausted.headers["x-ratelimit-resource"] == "core")
            #expect(try await client.get("/repos/acme/repo-01/pulls", token: "tok-b").status == 200)
            let unknown = try await client.get("/repos/acme/repo-01/pulls", token: "stolen")
            #expect(unknown.status == 401 && unknown.json["message"] == .string("Bad credentials"))
        }
    }

    @Test func anExhaustedBudgetComesBackAfterTheReset() async throws {
        // Three requests in 20 s, even on a loaded machine.
        let simulator = Self.simulator(limit: 2, window: .seconds(20), status: 429)
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            _ = try await client.get("/orgs/acme/repos", token: "t")
            _ = try await client.get("/orgs/acme/repos", token: "t")
            let exhausted = try await client.get("/orgs/acme/repos", token: "t")
            #expect(exhausted.status == 429)
            let reset = TimeInterval(Int(exhausted.headers["x-ratelimit-reset"] ?? "") ?? 0)
            try await Task.sleep(for: .seconds(max(0, reset - Date().timeIntervalSince1970) + 0.2))
            #expect(try await client.get("/orgs/acme/repos", token: "t").status == 200)
        }
    }

    @Test func conditionalRequestsAnswer304WithoutSpendingTheBudget() async throws {
        let simulator = Self.simulator(limit: 100, window: .seconds(600))
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let first = try await client.get("/repos/acme/repo-01/issues/comments?per_page=100", token: "t")
            let etag = try #require(first.headers["etag"])
            let again = try await client.get(
                "/repos/acme/repo-01/issues/comments?per_page=100", token: "t", headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"])
            #expect(simulator.notModifiedCount == 1)
            // Something changes: the same page has a new tag and a full answer.
            simulator.tick(changes: 40)
            let changed = try await client.get(
                "/repos/acme/repo-01/issues/comments?per_page=100", token: "t", headers: ["If-None-Match": etag])
            #expect(changed.status == 200)
            #expect(changed.headers["etag"] != etag)
        }
    }

    @Test func aTickAddsCommentsAndMovesUpdatedAt() async throws {
        let simulator = Self.simulator(limit: 100, window: .seconds(600))
        let before = simulator.expectedCounts(since: nil)
        let latest = simulator.organizations[0].repositories.flatMap(\.pullRequests).map(\.updatedAt).max()!
        let now = Date()
        simulator.tick(changes: 3, at: now)
        let after = simulator.expectedCounts(since: nil)
        #expect(after.issueComments == before.issueComments + 3)
        #expect(after.pullRequests == before.pullRequests)
        #expect(simulator.expectedCounts(since: latest.addingTimeInterval(1)).pullRequests >= 1)
        try await simulator.withRunning(logger: .quiet) { url in
            let counts = try await SimulatorClient(baseURL: url).get("/_simulator/counts").json
            #expect(counts["issue_comments"] == .integer(Int64(after.issueComments)))
        }
    }

    @Test func secondaryLimitsRepositoryFaultsAndResetsAnswerAsConfigured() async throws {
        var configuration = SimulatorConfiguration()
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = 3
        configuration.pullRequestsPerRepository = 5
        configuration.faults = [
            FaultRule(path: "/orgs/acme/repos", kind: .secondaryRateLimit(retryAfter: 7), times: 1),
            FaultRule(path: "/repos/acme/repo-02/*", kind: .status(409)),
            FaultRule(path: "/repos/acme/repo-03/pulls/1", kind: .connectionReset, times: 1),
            FaultRule(path: "/repos/acme/repo-01/pulls/5", kind: .status(451)),
        ]
        let simulator = GitHubSimulator(configuration: configuration)
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let secondary = try await client.get("/orgs/acme/repos")
            #expect(secondary.status == 403 && secondary.headers["retry-after"] == "7")
            #expect(secondary.json["message"]?.stringValue?.contains("secondary rate limit") == true)
            #expect(try await client.get("/orgs/acme/repos").status == 200)
            #expect(try await client.get("/repos/acme/repo-02/commits").status == 409)
            #expect(try await client.get("/repos/acme/repo-02/pulls/3").status == 409)
            #expect(try await client.get("/repos/acme/repo-01/commits").status == 200)
            let blocked = try await client.get("/repos/acme/repo-01/pulls/5")
            #expect(blocked.status == 451 && blocked.json["message"] == .string("Repository access blocked"))
            await #expect(throws: (any Error).self) { _ = try await client.get("/repos/acme/repo-03/pulls/1") }
            #expect(try await client.get("/repos/acme/repo-03/pulls/1").status == 200)
        }
    }

    @Test func linkURLsNameRepositoriesByIDAndLeadToTheSameItems() async throws {
        let simulator = SimulatorBehaviourTests.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let first = try await client.get("/repos/acme/repo-02/pulls?state=all")
            let id = simulator.organizations[0].repositories[1].id
            #expect(LinkHeader(first.headers["link"]).next?.contains("/repositories/\(id)/pulls?") == true)
            let walked = try await SimulatorBehaviourTests.all(client, "/repos/acme/repo-02/pulls?state=all")
            #expect(walked.count == 75)
            let enterprise = try await client.get("/api/v3/repos/acme/repo-02/pulls?state=all")
            #expect(LinkHeader(enterprise.headers["link"]).next?.contains("/api/v3/repositories/\(id)/pulls?") == true)
        }
    }
}

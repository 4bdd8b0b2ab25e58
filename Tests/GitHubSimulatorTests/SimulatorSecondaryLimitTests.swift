import Foundation
import GitHubSimulator
import TestSupport
import Testing

/// The simulator enforces GitHub's secondary limits by rate and by concurrency and answers as GitHub does.
@Suite struct SimulatorSecondaryLimitTests {
    static func simulator(_ limits: SecondaryRateLimitConfiguration?, faults: [FaultRule] = []) -> GitHubSimulator {
        var configuration = SimulatorConfiguration()
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = 2
        configuration.pullRequestsPerRepository = 5
        configuration.rateLimit = .generous
        configuration.secondaryLimits = limits
        configuration.faults = faults
        return GitHubSimulator(configuration: configuration)
    }

    @Test func overTheRESTPointsOfTheWindowTheAnswersAre403Or429WithAndWithoutRetryAfter() async throws {
        let simulator = Self.simulator(SecondaryRateLimitConfiguration(restPoints: 5, graphQLPoints: 2))
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            for _ in 0..<5 { #expect(try await client.get("/repos/acme/repo-01/pulls", token: "a").status == 200) }
            var refusals: [SimulatorClient.Reply] = []
            for _ in 0..<4 { refusals.append(try await client.get("/repos/acme/repo-01/pulls", token: "a")) }
            #expect(refusals.map(\.status) == [403, 429, 429, 403])
            #expect(refusals.map { $0.headers["retry-after"] != nil } == [true, false, true, false])
            let retryAfter = Int(refusals[0].headers["retry-after"] ?? "") ?? 0
            #expect((1...60).contains(retryAfter))
            for refusal in refusals {
                let message = refusal.json["message"]?.stringValue ?? ""
                #expect(message.hasPrefix("You have exceeded a secondary rate limit. Please wait a few minutes"))
                #expect(message.contains("please include the request ID"))
                #expect(
                    refusal.json["documentation_url"]?.stringValue
                        == "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
                )
                #expect(refusal.headers["x-ratelimit-remaining"] != "0", "a secondary limit is not an exhausted budget")
            }
            // Another account has its own window; GraphQL has its own points.
            #expect(try await client.get("/repos/acme/repo-01/pulls", token: "b").status == 200)
            let query = "{ rateLimit { cost remaining } }"
            #expect(try await client.graphQL(query, token: "a").status == 200)
            #expect(try await client.graphQL(query, token: "a").status == 200)
            #expect([403, 429].contains(try await client.graphQL(query, token: "a").status))
            #expect(simulator.secondaryLimitCounts.refusedForRate == 5)
            let counts = try await client.get("/_simulator/secondary-limits")
            #expect(counts.json["refused"] == .integer(5))
            #expect(counts.json["refused_for_rate"] == .integer(5))
        }
    }

    @Test func moreRequestsInFlightThanAllowedAreRefused() async throws {
        let slow = FaultRule(path: "/repos/acme/repo-01/issues/comments", kind: .delay(.seconds(3)))
        let simulator = Self.simulator(SecondaryRateLimitConfiguration(maxConcurrentRequests: 2), faults: [slow])
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await client.get("/repos/acme/repo-01/issues/comments", token: "a").status }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            // Five at once against two allowed: at least two answered, the others refused as GitHub does.
            #expect(statuses.filter { $0 == 200 }.count >= 2)
            #expect(statuses.filter { [403, 429].contains($0) }.count >= 1)
            #expect(statuses.allSatisfy { [200, 403, 429].contains($0) })
            #expect(simulator.secondaryLimitCounts.refusedForConcurrency >= 1)
            #expect(simulator.secondaryLimitCounts.peakConcurrentRequests == 2)
        }
    }

    @Test func secondaryLimitsAreOffByDefault() async throws {
        let simulator = Self.simulator(nil)
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            for _ in 0..<120 {
                let reply = try await client.get("/orgs/acme/repos", token: "a")
                #expect(reply.status == 200)
            }
        }
        #expect(simulator.secondaryLimitCounts == SecondaryLimitCounts())
    }
}

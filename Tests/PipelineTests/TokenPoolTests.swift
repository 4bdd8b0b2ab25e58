import Collector
import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import Settings
import TestSupport
import Testing

/// GitHub's budget is per account: tokens of two accounts double it, two tokens of one account do not.
@Suite struct TokenPoolTests {
    static let accounts = ["tok-a1": "alice", "tok-a2": "alice", "tok-b": "bob"]

    static func harness(limit: Int, window: Duration) throws -> PipelineHarness {
        var rate = RateLimitConfiguration(limit: limit, window: window)
        rate.exhaustedStatus = 403
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 40, seed: 23, rateLimit: rate)
        return harness
    }

    /// Requests one collection of the test organisation makes.
    static func requestsOfOneRun() async throws -> Int {
        let reference = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 40, seed: 23)
        defer { reference.remove() }
        return try await reference.simulator.withRunning(logger: .quiet) { url in
            _ = try await reference.collect(baseURL: url, logger: .quiet)
            return reference.simulator.requestCount
        }
    }

    static func collect(_ harness: PipelineHarness, tokens: [String]) async throws -> CollectionSummary {
        try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.tokens = tokens.map(GitHubToken.init)
            configuration.fetcher.pullRequestSource = .rest
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
    }

    @Test func tokensOfTwoAccountsFinishWithoutEverHittingTheLimit() async throws {
        let needed = try await Self.requestsOfOneRun()
        let harness = try Self.harness(limit: needed * 6 / 10 + 1, window: .seconds(600))
        defer { harness.remove() }
        let tokens = try PipelineHarness.withTokens(harness, Self.accounts)
        let summary = try await Self.collect(tokens, tokens: ["tok-a1", "tok-b"])
        #expect(tokens.simulator.rateLimitedCount == 0, "the pool should have used bob's budget before alice ran out")
        #expect(summary.counts.matches(tokens.simulator.expectedCounts(since: nil)))
    }

    @Test func twoTokensOfOneAccountShareItsBudget() {
        let a1 = GitHubToken("tok-a1")
        let a2 = GitHubToken("tok-a2")
        let b = GitHubToken("tok-b")
        let reset = Date().addingTimeInterval(600)
        let exhausted = RateLimitStatus(limit: 100, remaining: 0, used: 100, reset: reset, resource: "core")
        let sameAccount = TokenPool(tokens: [a1, a2])
        sameAccount.setAccount("alice", for: a1)
        sameAccount.setAccount("alice", for: a2)
        let token = sameAccount.next()!
        sameAccount.record(exhausted, for: token)
        #expect(sameAccount.waitUntilAnyReset() != nil, "alice's second token has no budget of its own")

        let twoAccounts = TokenPool(tokens: [a1, b])
        twoAccounts.setAccount("alice", for: a1)
        twoAccounts.setAccount("bob", for: b)
        twoAccounts.record(exhausted, for: twoAccounts.next()!)
        #expect(twoAccounts.waitUntilAnyReset() == nil)
        #expect(twoAccounts.next() == b, "the next request goes out with bob's token")
    }
}

extension PipelineHarness {
    /// The same harness with a simulator that knows `tokens` (token -> account).
    static func withTokens(_ harness: PipelineHarness, _ tokens: [String: String]) throws -> PipelineHarness {
        var configuration = harness.simulator.configuration
        configuration.tokens = tokens
        return PipelineHarness(directory: harness.directory, simulator: GitHubSimulator(configuration: configuration))
    }
}

@Suite struct TokenCheckTests {
    @Test func aRejectedTokenStopsTheRunBeforeAnyTaskNamingTheSetting() async throws {
        let base = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 5, seed: 29)
        let harness = try PipelineHarness.withTokens(base, ["good": "alice"])
        defer { harness.remove() }
        await #expect {
            try await harness.simulator.withRunning(logger: .quiet) { url in
                var configuration = harness.pipelineConfiguration(baseURL: url)
                configuration.github.token = .init("revoked-token")
                _ = try await CollectionRunner(configuration: configuration, logger: .quiet)
                    .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
            }
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == "GITHUB_TOKEN" && error.reason.contains("Bad credentials")
                && !"\(error)".contains("revoked-token")
        }
        #expect(try await harness.counts().deadLetters == 0)
        #expect(harness.simulator.requestCount == 1, "only the token check reached GitHub")
    }
}
